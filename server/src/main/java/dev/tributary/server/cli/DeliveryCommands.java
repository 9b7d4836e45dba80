package dev.tributary.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code sub} commands that show what happened to a subscription's deliveries ({@code attempts}, {@code retries},
 * {@code delivery}, {@code dead-letters}) and redrive its dead letters.
 */
final class DeliveryCommands {
    private DeliveryCommands() {}

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Command(name = "attempts", mixinStandardHelpOptions = true,
            description = "Shows the attempt log, newest first; with --source and --event-id, one event's attempts.")
    static final class Attempts extends SubscriptionCommand.OnOne {
        @Option(names = "--source", paramLabel = "SOURCE", description = "With --event-id: the event's source.")
        String source;

        @Option(names = "--event-id", paramLabel = "ID", description = "With --source: the event's id.")
        String eventId;

        @Option(names = "--limit", paramLabel = "N", description = "At most N attempts (1-1000, default 100).")
        Integer limit;

        @Override
        public void run() {
            if ((source == null) != (eventId == null)) {
                throw new ParameterException(spec.commandLine(), "--source and --event-id go together");
            }
            String query = source != null
                    ? "?source=" + q(source) + "&eventId=" + q(eventId)
                    : (limit == null ? "" : "?limit=" + limit);
            output.printItems(client.client().get(path("/attempts") + query), "attempts", CliContext.of(spec).out());
        }
    }

    @Command(name = "retries", mixinStandardHelpOptions = true, description = "Shows pending retries and when each is due.")
    static final class Retries extends SubscriptionCommand.OnOne {
        @Override
        public void run() {
            output.printItems(client.client().get(path("/retries")), "retries", CliContext.of(spec).out());
        }
    }

    @Command(name = "delivery", mixinStandardHelpOptions = true,
            description = "Shows where one event's delivery stands: pending, retrying, delivered, dead-lettered or paused.")
    static final class DeliveryState extends SubscriptionCommand.OnOne {
        @Option(names = "--source", required = true, paramLabel = "SOURCE", description = "The event's source.")
        String source;

        @Option(names = "--event-id", required = true, paramLabel = "ID", description = "The event's id.")
        String eventId;

        @Override
        public void run() {
            print(client.client().get(path("/deliveries") + "?source=" + q(source) + "&eventId=" + q(eventId)));
        }
    }

    @Command(name = "dead-letters", mixinStandardHelpOptions = true, description = "Lists the subscription's dead letters.")
    static final class DeadLetters extends SubscriptionCommand.OnOne {
        @Option(names = "--reason", paramLabel = "REASON", description = "Only rejected, exhausted, redirect-refused or refused.")
        String reason;

        @Override
        public void run() {
            String query = reason == null ? "" : "?reason=" + q(reason);
            output.printItems(client.client().get(path("/dead-letters") + query), "deadLetters", CliContext.of(spec).out());
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Delivers the subscription's dead letters again (all, or those the filters match).")
    static final class Redrive extends SubscriptionCommand.OnOne {
        @Option(names = "--filter", paramLabel = "JSON",
                description = "A filter over the dead letters, e.g. '{\"exact\":{\"deadletterreason\":\"exhausted\"}}' (repeatable).")
        List<String> filters;

        @Override
        public void run() {
            ObjectNode body = OutputFormat.MAPPER.createObjectNode();
            if (filters != null) {
                ArrayNode array = body.putArray("filters");
                for (String filter : filters) {
                    try {
                        array.add(OutputFormat.MAPPER.readTree(filter));
                    } catch (IOException e) {
                        throw new ParameterException(spec.commandLine(), "--filter: not valid JSON: " + e.getMessage());
                    }
                }
            }
            // The node redrives a bounded page per call; the CLI asks for pages until the dead-letter bus is read.
            long scheduled = 0;
            long withoutPosition = 0;
            long from = 0;
            while (true) {
                JsonNode page = client.client().post(path("/redrive"), "application/json",
                        body.toString().getBytes(StandardCharsets.UTF_8));
                scheduled += page.path("scheduled").asLong();
                withoutPosition += page.path("withoutPosition").asLong();
                long next = page.path("next").asLong();
                if (!page.has("done") || page.path("done").asBoolean() || next <= from) {
                    break;
                }
                from = next;
                body.put("from", from);
            }
            ObjectNode total = OutputFormat.MAPPER.createObjectNode();
            total.put("scheduled", scheduled);
            total.put("withoutPosition", withoutPosition);
            print(total);
        }
    }
}
