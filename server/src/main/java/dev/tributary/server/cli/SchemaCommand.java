package dev.tributary.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary schema register|get|list|check|validation}: the schema registry (scope {@code schemas}). */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = "Registers, shows and lists JSON Schemas of event types, checks data against them, and sets a"
                + " bus's validation.",
        subcommands = {
            SchemaCommand.Register.class,
            SchemaCommand.Get.class,
            SchemaCommand.ListSubjects.class,
            SchemaCommand.Check.class,
            SchemaCommand.Validation.class
        })
final class SchemaCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: register, get, list, check or validation");
    }

    /** What the commands on one subject share: the client, the type, the optional bus, the output. */
    abstract static class OnSubject implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "TYPE", description = "The event type, such as order.placed.")
        String type;

        @Option(names = "--bus", paramLabel = "BUS", description = "The subject of one bus (default: for every bus).")
        String bus;

        @Option(names = "--output", paramLabel = "json|ndjson", description = "Output format (default json).")
        OutputFormat output = OutputFormat.json;

        String path(String rest) {
            String base = "/v1/schemas/" + URLEncoder.encode(type, StandardCharsets.UTF_8) + rest;
            return bus == null ? base : base + "?bus=" + BusCommand.busName(spec, bus);
        }

        void print(JsonNode answer) {
            output.print(answer, CliContext.of(spec).out());
        }

        JsonNode readFile(String option, String file) {
            return JsonInput.read(spec, option, file, CliContext.of(spec).in());
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Registers a JSON Schema as the type's next version; refused if it breaks the compatibility"
                    + " rule, which the answer explains.")
    static final class Register extends OnSubject {
        @Option(names = "--file", paramLabel = "FILE", required = true, description = "The JSON Schema (- reads stdin).")
        String file;

        @Override
        public void run() {
            ObjectNode body = OutputFormat.MAPPER.createObjectNode();
            body.set("schema", readFile("--file", file));
            print(client.client().post(path("/versions"), "application/json",
                    body.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a version (default the latest).")
    static final class Get extends OnSubject {
        @Option(names = "--version", paramLabel = "N", description = "The version number (default latest).")
        Integer version;

        @Override
        public void run() {
            print(client.client().get(path("/versions/" + (version == null ? "latest" : version))));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the subjects and their latest versions.")
    static final class ListSubjects implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Option(names = "--output", paramLabel = "json|ndjson", description = "json (default) or ndjson: one subject per line.")
        OutputFormat output = OutputFormat.json;

        @Override
        public void run() {
            output.printItems(client.client().get("/v1/schemas"), "subjects", CliContext.of(spec).out());
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Checks event data against the type's latest schema, as ingest would; exits 1 if invalid.")
    static final class Check extends OnSubject {
        @Option(names = "--data", paramLabel = "JSON", description = "The data, inline.")
        String data;

        @Option(names = "--file", paramLabel = "FILE", description = "The data from a file (- reads stdin).")
        String file;

        @Override
        public void run() {
            if ((data == null) == (file == null)) {
                throw new ParameterException(spec.commandLine(), "give the data with exactly one of --data and --file");
            }
            ObjectNode body = OutputFormat.MAPPER.createObjectNode();
            body.set("data", data != null ? JsonInput.parse(spec, "--data", data) : readFile("--file", file));
            JsonNode answer = client.client().post(path("/check"), "application/json",
                    body.toString().getBytes(StandardCharsets.UTF_8));
            print(answer);
            if (!answer.path("valid").asBoolean()) {
                throw new CliExceptions.ServerProblem(422, "the data does not match " + answer.path("schema").asText());
            }
        }
    }

    @Command(name = "validation", mixinStandardHelpOptions = true,
            description = "Shows, or with MODE sets, what a bus does with events its schemas refuse: off, warn, enforce.")
    static final class Validation implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "BUS")
        String bus;

        @Parameters(index = "1", arity = "0..1", paramLabel = "MODE", description = "off, warn or enforce.")
        String mode;

        @Override
        public void run() {
            String path = "/v1/buses/" + BusCommand.busName(spec, bus) + "/validation";
            JsonNode answer;
            if (mode == null) {
                answer = client.client().get(path);
            } else {
                if (!mode.equals("off") && !mode.equals("warn") && !mode.equals("enforce")) {
                    throw new ParameterException(spec.commandLine(), "MODE: must be off, warn or enforce, was '" + mode + "'");
                }
                answer = client.client().put(path, "application/json",
                        ("{\"mode\":\"" + mode + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            OutputFormat.json.print(answer, CliContext.of(spec).out());
        }
    }
}
