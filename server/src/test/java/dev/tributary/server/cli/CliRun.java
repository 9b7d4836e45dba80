package dev.tributary.server.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the CLI in-process with captured output. */
record CliRun(int exitCode, String out, String err) {
    static CliRun run(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        int code = Cli.run(context, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun run(String... args) {
        return run(Map.of(), "", args);
    }
}
