package dev.tributary.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.Names;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tributary bus create|list|describe|delete}. */
@Command(
        name = "bus",
        mixinStandardHelpOptions = true,
        description = "Creates, lists, describes and deletes buses.",
        subcommands = {
            BusCommand.Create.class,
            BusCommand.ListBuses.class,
            BusCommand.Describe.class,
            BusCommand.Delete.class
        })
final class BusCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: create, list, describe or delete");
    }

    static String busName(CommandSpec spec, String name) {
        try {
            return Names.requireBusName(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a bus.")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME", description = "1-64 characters a-z 0-9 _ -, starting with a letter or digit.")
        String name;

        @Option(names = "--partitions", paramLabel = "N", description = "Number of partitions (default 1).")
        Integer partitions;

        @Option(names = "--max-age", paramLabel = "DURATION", description = "Retention by age, ISO-8601 (P7D, PT12H).")
        String maxAge;

        @Option(names = "--max-bytes", paramLabel = "N", description = "Retention by size of the whole bus, in bytes.")
        Long maxBytes;

        @Option(names = "--output", paramLabel = "json|ndjson", description = "Output format (default json).")
        OutputFormat output = OutputFormat.json;

        @Override
        public void run() {
            ObjectNode body = OutputFormat.MAPPER.createObjectNode();
            body.put("name", busName(spec, name));
            if (partitions != null) {
                if (partitions < 1) {
                    throw new ParameterException(spec.commandLine(), "--partitions: must be at least 1, was " + partitions);
                }
                body.put("partitions", partitions);
            }
            if (maxAge != null || maxBytes != null) {
                ObjectNode retention = body.putObject("retention");
                if (maxAge != null) {
                    checkDuration(maxAge);
                    retention.put("maxAge", maxAge);
                }
                if (maxBytes != null) {
                    if (maxBytes < 1) {
                        throw new ParameterException(spec.commandLine(), "--max-bytes: must be positive, was " + maxBytes);
                    }
                    retention.put("maxBytes", maxBytes);
                }
            }
            byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
            output.print(client.client().post("/v1/buses", "application/json", json), CliContext.of(spec).out());
        }

        private void checkDuration(String value) {
            try {
                Duration.parse(value);
            } catch (DateTimeParseException e) {
                try {
                    Period.parse(value);
                } catch (DateTimeParseException e2) {
                    throw new ParameterException(
                            spec.commandLine(), "--max-age: must be an ISO-8601 duration such as P7D or PT12H, was '" + value + "'");
                }
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the buses.")
    static final class ListBuses implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Option(names = "--output", paramLabel = "json|ndjson", description = "json (default) or ndjson: one bus per line.")
        OutputFormat output = OutputFormat.json;

        @Override
        public void run() {
            output.printItems(client.client().get("/v1/buses"), "buses", CliContext.of(spec).out());
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Shows a bus and its partitions.")
    static final class Describe implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--output", paramLabel = "json|ndjson", description = "Output format (default json).")
        OutputFormat output = OutputFormat.json;

        @Override
        public void run() {
            output.print(client.client().get("/v1/buses/" + busName(spec, name)), CliContext.of(spec).out());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a bus and all its events.")
    static final class Delete implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            client.client().delete("/v1/buses/" + busName(spec, name));
        }
    }
}
