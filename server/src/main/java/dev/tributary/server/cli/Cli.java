package dev.tributary.server.cli;

import dev.tributary.core.InvalidEventException;
import dev.tributary.server.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs the {@code tributary} command line. Exit codes: 0 done; 1 the server answered with an error (its
 * {@code detail} on stderr) or something else failed; 2 usage error or bad input; 3 the server cannot be reached.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    private Cli() {}

    /** Runs one command line with the given context and returns its exit code. */
    public static int run(CliContext context, String... args) {
        CommandLine cl = commandLine(context);
        try {
            return cl.execute(args);
        } finally {
            closeClients(cl.getParseResult());
        }
    }

    /** Closes the API clients the command that ran made (its {@code --url} mixin's). */
    private static void closeClients(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (CommandSpec mixin : p.commandSpec().mixins().values()) {
                if (mixin.userObject() instanceof ClientOptions options) {
                    options.close();
                }
            }
        }
    }

    /** The configured command line (for tests and for embedding). */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new TributaryCommand(context));
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("tributary: " + e.getMessage());
            UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            int code;
            if (e instanceof CliExceptions.ServerProblem p) {
                message = message + " (HTTP " + p.status + ")";
                if (p.status == 401) {
                    message = message + "; give a key with --token or TRIBUTARY_TOKEN (a local node's first admin key"
                            + " is in its data directory, data/admin.key)";
                }
                code = ERROR;
            } else if (e instanceof CliExceptions.Unreachable) {
                code = UNREACHABLE;
            } else if (e instanceof CliExceptions.BadInput
                    || e instanceof ConfigException
                    || e instanceof InvalidEventException) {
                code = USAGE;
            } else {
                code = ERROR;
            }
            cmd.getErr().println("tributary: " + message);
            cmd.getErr().flush();
            return code;
        });
        return cl;
    }
}
