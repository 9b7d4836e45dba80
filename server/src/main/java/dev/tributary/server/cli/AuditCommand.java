package dev.tributary.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tributary audit}: the changes made through the API, oldest first (scope {@code admin}). */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Shows the audit log: who changed what, when, from where, and the answer.")
final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Option(names = "--after", paramLabel = "SEQUENCE", description = "Only entries after this sequence (default 0).")
    long after;

    @Option(names = "--limit", paramLabel = "N", description = "Most entries, 1..1000 (default 100).")
    int limit = 100;

    @Option(names = "--output", paramLabel = "json|ndjson", description = "json (default) or ndjson: one entry per line.")
    OutputFormat output = OutputFormat.json;

    @Override
    public void run() {
        if (after < 0 || limit < 1 || limit > 1000) {
            throw new ParameterException(spec.commandLine(), "--after must be at least 0 and --limit within 1..1000");
        }
        output.printItems(client.client().get("/v1/audit?after=" + after + "&limit=" + limit), "entries",
                CliContext.of(spec).out());
    }
}
