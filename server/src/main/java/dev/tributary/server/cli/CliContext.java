package dev.tributary.server.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command may touch of the process: its output streams, environment and standard input. Tests pass their own
 * so that commands run in-process without side effects.
 *
 * @param out results (JSON, NDJSON, the listening line)
 * @param err errors and diagnostics
 * @param env environment variables ({@code TRIBUTARY_URL}, {@code TRIBUTARY_PORT}, …)
 * @param in standard input ({@code publish --file -})
 */
public record CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, InputStream in) {

    /** The real process: {@code System.out}, {@code System.err}, {@code System.getenv()}, {@code System.in}. */
    public static CliContext system() {
        return new CliContext(
                new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), System.in);
    }

    static CliContext of(CommandSpec spec) {
        return ((TributaryCommand) spec.root().userObject()).context();
    }
}
