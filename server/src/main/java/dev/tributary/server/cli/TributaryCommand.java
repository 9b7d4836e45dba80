package dev.tributary.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root {@code tributary} command; it only holds the subcommands and the {@link CliContext}. */
@Command(
        name = "tributary",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Tributary: durable event buses, streams and subscriptions. Run a node with 'tributary server', "
                + "or talk to one with the other commands.",
        subcommands = {
            ServerCommand.class,
            BusCommand.class,
            SubscriptionCommand.class,
            GroupCommand.class,
            PublishCommand.class,
            ReadCommand.class,
            TailCommand.class,
            KeyCommand.class,
            SchemaCommand.class,
            AuditCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 ok, 1 error from the server, 2 usage error or bad input, 3 cannot connect.",
            "Client commands talk to --url (default $TRIBUTARY_URL or http://127.0.0.1:8080) with --token (default",
            "$TRIBUTARY_TOKEN, or for a local node its data/admin.key)."
        })
public final class TributaryCommand implements Runnable {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    public TributaryCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }
}
