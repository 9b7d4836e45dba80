package dev.tributary.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.Names;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary sub create|list|describe|update|delete|pause|resume|reset|positions|signing} and, in
 * {@link DeliveryCommands}, {@code attempts|retries|delivery|dead-letters|redrive}.
 */
@Command(
        name = "sub",
        mixinStandardHelpOptions = true,
        description = "Creates, lists, describes, updates and deletes subscriptions; pauses, resumes and resets them.",
        subcommands = {
            SubscriptionCommand.Create.class,
            SubscriptionCommand.ListSubscriptions.class,
            SubscriptionCommand.Describe.class,
            SubscriptionCommand.Update.class,
            SubscriptionCommand.Delete.class,
            SubscriptionCommand.Pause.class,
            SubscriptionCommand.Resume.class,
            SubscriptionCommand.Reset.class,
            SubscriptionCommand.Positions.class,
            SubscriptionCommand.Signing.class,
            DeliveryCommands.Attempts.class,
            DeliveryCommands.Retries.class,
            DeliveryCommands.DeliveryState.class,
            DeliveryCommands.DeadLetters.class,
            DeliveryCommands.Redrive.class
        })
final class SubscriptionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing subcommand: create, list, describe, update, delete, pause, resume, reset, positions, signing, "
                        + "attempts, retries, delivery, dead-letters or redrive");
    }

    static String id(CommandSpec spec, String id) {
        if (!Names.isSubscriptionId(id)) {
            throw new ParameterException(spec.commandLine(), "ID: must be 1-" + Names.MAX_SUBSCRIPTION_ID
                    + " characters a-z 0-9 _ - starting with a letter or digit, was '" + id + "'");
        }
        return id;
    }

    /** A definition from {@code --file} (JSON, {@code -} for stdin) with the common members settable by flags. */
    static final class Definition {
        @Option(names = "--file", paramLabel = "FILE", description = "JSON definition (- reads stdin); flags override its members.")
        String file;

        @Option(names = "--bus", paramLabel = "BUS", description = "The bus to subscribe to.")
        String bus;

        @Option(names = "--sink", paramLabel = "URL", description = "http(s) URL of the endpoint, or bus:NAME to forward.")
        String sink;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only events of this type (repeatable).")
        List<String> types;

        @Option(names = "--source", paramLabel = "SOURCE", description = "Only events of this source.")
        String source;

        @Option(names = "--filter", paramLabel = "JSON", description = "A filter object, e.g. '{\"prefix\":{\"subject\":\"eu/\"}}' (repeatable).")
        List<String> filters;

        @Option(names = "--start-at", paramLabel = "POSITION", description = "earliest, latest (default) or an RFC 3339 time.")
        String startAt;

        ObjectNode build(CommandSpec spec, InputStream stdin) {
            ObjectNode json = read(spec, stdin);
            if (bus != null) {
                json.put("bus", bus);
            }
            if (sink != null) {
                json.put("sink", sink);
            }
            if (source != null) {
                json.put("source", source);
            }
            if (types != null) {
                var array = json.putArray("types");
                types.forEach(array::add);
            }
            if (filters != null) {
                var array = json.putArray("filters");
                for (String filter : filters) {
                    array.add(JsonInput.parse(spec, "--filter", filter));
                }
            }
            if (startAt != null) {
                json.put("startAt", startAt);
            }
            return json;
        }

        private ObjectNode read(CommandSpec spec, InputStream stdin) {
            if (file == null) {
                return OutputFormat.MAPPER.createObjectNode();
            }
            JsonNode json = JsonInput.read(spec, "--file", file, stdin);
            if (!json.isObject()) {
                throw new ParameterException(spec.commandLine(), "--file: must hold one JSON object");
            }
            return (ObjectNode) json;
        }
    }

    /** What every command on one subscription has: the client, the id, the output format. */
    abstract static class OnOne implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--output", paramLabel = "json|ndjson", description = "Output format (default json).")
        OutputFormat output = OutputFormat.json;

        /** The subscription's path, with {@code suffix} appended; checks the id. */
        String path(String suffix) {
            return "/v1/subscriptions/" + SubscriptionCommand.id(spec, id) + suffix;
        }

        void print(JsonNode answer) {
            output.print(answer, CliContext.of(spec).out());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a subscription.")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Option(names = "--id", paramLabel = "ID", description = "Its id (default: generated).")
        String id;

        @Mixin
        Definition definition;

        @Option(names = "--output", paramLabel = "json|ndjson", description = "Output format (default json).")
        OutputFormat output = OutputFormat.json;

        @Override
        public void run() {
            CliContext context = CliContext.of(spec);
            ObjectNode json = definition.build(spec, context.in());
            if (id != null) {
                json.put("id", SubscriptionCommand.id(spec, id));
            }
            output.print(client.client().post("/v1/subscriptions", "application/json", bytes(json)), context.out());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists subscriptions.")
    static final class ListSubscriptions implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Option(names = "--bus", paramLabel = "BUS", description = "Only those of this bus.")
        String bus;

        @Option(names = "--output", paramLabel = "json|ndjson", description = "json (default) or ndjson: one per line.")
        OutputFormat output = OutputFormat.json;

        @Override
        public void run() {
            String query = bus == null ? "" : "?bus=" + BusCommand.busName(spec, bus);
            output.printItems(client.client().get("/v1/subscriptions" + query), "subscriptions", CliContext.of(spec).out());
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Shows a subscription.")
    static final class Describe extends OnOne {
        @Override
        public void run() {
            print(client.client().get(path("")));
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Changes a subscription; its position and pending retries stay. Flags change the current definition.")
    static final class Update extends OnOne {
        @Mixin
        Definition definition;

        @Override
        public void run() {
            CliContext context = CliContext.of(spec);
            String path = path("");
            ObjectNode json = definition.file != null
                    ? definition.build(spec, context.in())
                    : (ObjectNode) client.client().get(path);
            if (definition.file == null) {
                ObjectNode changes = definition.build(spec, context.in());
                changes.properties().forEach(e -> json.set(e.getKey(), e.getValue()));
            }
            print(client.client().put(path, "application/json", bytes(json)));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a subscription with its position, retries and attempt log.")
    static final class Delete implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public void run() {
            client.client().delete("/v1/subscriptions/" + SubscriptionCommand.id(spec, id));
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pauses deliveries.")
    static final class Pause extends OnOne {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown with the subscription.")
        String reason;

        @Override
        public void run() {
            ObjectNode body = OutputFormat.MAPPER.createObjectNode();
            if (reason != null) {
                body.put("reason", reason);
            }
            print(client.client().post(path("/pause"), "application/json", bytes(body)));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes deliveries.")
    static final class Resume extends OnOne {
        @Override
        public void run() {
            print(client.client().post(path("/resume"), "application/json", new byte[0]));
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Moves a subscription to a position and drops its pending retries there.")
    static final class Reset extends OnOne {
        @Option(names = "--to", required = true, paramLabel = "POSITION",
                description = "earliest, latest, an RFC 3339 time, or offsets as P=OFFSET,P=OFFSET (e.g. 0=12,3=40).")
        String to;

        @Override
        public void run() {
            ObjectNode body = OutputFormat.MAPPER.createObjectNode();
            if (to.contains("=")) {
                ObjectNode offsets = body.putObject("position");
                for (String pair : to.split(",")) {
                    String[] parts = pair.split("=", 2);
                    try {
                        offsets.put(Integer.toString(Integer.parseInt(parts[0].strip())), Long.parseLong(parts[1].strip()));
                    } catch (RuntimeException e) {
                        throw new ParameterException(spec.commandLine(), "--to: expected P=OFFSET pairs such as 0=12,3=40, was '" + to + "'");
                    }
                }
            } else {
                body.put("position", to);
            }
            print(client.client().post(path("/reset"), "application/json", bytes(body)));
        }
    }

    @Command(name = "positions", mixinStandardHelpOptions = true,
            description = "Shows the committed position (next offset to deliver) per partition.")
    static final class Positions extends OnOne {
        @Override
        public void run() {
            print(client.client().get(path("/positions")));
        }
    }

    @Command(name = "signing", mixinStandardHelpOptions = true,
            description = "Shows the Standard Webhooks secrets the sink's requests are signed with, newest first.")
    static final class Signing extends OnOne {
        @Override
        public void run() {
            print(client.client().get(path("/signing")));
        }
    }

    private static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
