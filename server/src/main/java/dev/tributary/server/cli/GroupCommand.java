package dev.tributary.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.broker.group.GroupEngine;
import dev.tributary.core.Names;
import dev.tributary.core.eventstore.GroupSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary group create|list|describe|delete|fetch|ack|nack|park|parked|replay|drop}: consumer groups
 * (persistent subscriptions) of a bus over {@code /v1/buses/{bus}/groups} (docs/http-api.md, "Consumer groups").
 * Arguments are checked before anything is sent (exit 2); the node's problems exit 1 with their {@code detail}.
 */
@Command(
        name = "group",
        mixinStandardHelpOptions = true,
        description = "Creates, lists, describes and deletes consumer groups of a bus; fetches and settles their events "
                + "(ack, nack, park) and replays or drops parked ones.",
        subcommands = {
            GroupCommand.Create.class,
            GroupCommand.ListGroups.class,
            GroupCommand.Describe.class,
            GroupCommand.Delete.class,
            GroupCommand.Fetch.class,
            GroupCommand.Ack.class,
            GroupCommand.Nack.class,
            GroupCommand.Park.class,
            GroupCommand.Parked.class,
            GroupCommand.Replay.class,
            GroupCommand.Drop.class
        })
final class GroupCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: create, list, describe, delete, fetch, "
                + "ack, nack, park, parked, replay or drop");
    }

    static String groupName(CommandSpec spec, String name) {
        if (!Names.isSubscriptionId(name)) {
            throw new ParameterException(spec.commandLine(), "NAME: must be 1-" + Names.MAX_SUBSCRIPTION_ID
                    + " characters a-z 0-9 _ - starting with a letter or digit, was '" + name + "'");
        }
        return name;
    }

    /** What every command on one bus has: the client, the bus, the output format. */
    abstract static class OnBus implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "BUS")
        String bus;

        @Option(names = "--output", paramLabel = "json|ndjson", description = "Output format (default json).")
        OutputFormat output = OutputFormat.json;

        String groupsPath() {
            return "/v1/buses/" + BusCommand.busName(spec, bus) + "/groups";
        }

        void print(JsonNode answer) {
            output.print(answer, CliContext.of(spec).out());
        }

        void printItems(JsonNode answer, String field) {
            output.printItems(answer, field, CliContext.of(spec).out());
        }

        JsonNode post(String path, ObjectNode body) {
            return client.client().post(path, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
        }

        ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }
    }

    /** What every command on one group has: its bus and name. */
    abstract static class OnOne extends OnBus {
        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        /** The group's path, with {@code suffix} appended; checks the bus and the name. */
        String path(String suffix) {
            return groupsPath() + "/" + groupName(spec, name) + suffix;
        }
    }

    /** A command that names global positions after the group. */
    abstract static class OnPositions extends OnOne {
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "POSITION",
                description = "Global positions (at most " + GroupEngine.MAX_POSITIONS + ").")
        List<Long> positions;

        ObjectNode positionsBody() {
            if (positions.size() > GroupEngine.MAX_POSITIONS) {
                throw usage("POSITION: at most " + GroupEngine.MAX_POSITIONS + " at once, was " + positions.size());
            }
            ObjectNode body = OutputFormat.MAPPER.createObjectNode();
            ArrayNode array = body.putArray("positions");
            for (long p : positions) {
                if (p < 0) {
                    throw usage("POSITION: must be >= 0, was " + p);
                }
                array.add(p);
            }
            return body;
        }
    }

    /** ack, nack, park: a consumer settles positions it holds; the answer is the group with its stats. */
    abstract static class Settle extends OnPositions {
        @Option(names = "--consumer", required = true, paramLabel = "ID", description = "The consumer holding the lease.")
        String consumer;

        ObjectNode settleBody() {
            ObjectNode body = OutputFormat.MAPPER.createObjectNode();
            body.put("consumer", consumer(spec, consumer));
            body.setAll(positionsBody());
            return body;
        }

        void settle(String verb, String reason) {
            ObjectNode body = settleBody();
            if (reason != null) {
                body.put("reason", reason);
            }
            print(post(path("/" + verb), body));
        }
    }

    static String consumer(CommandSpec spec, String consumer) {
        try {
            return GroupEngine.requireConsumer(consumer);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--consumer: " + e.getMessage().substring("consumer ".length()));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a consumer group over the bus's global order: all events, one category or one type.")
    static final class Create extends OnOne {
        @Option(names = "--category", paramLabel = "C", description = "Only events of streams of this category.")
        String category;

        @Option(names = "--type", paramLabel = "T", description = "Only events of this type.")
        String type;

        @Option(names = "--filter", paramLabel = "CESQL", description = "Only events this CESQL expression holds for.")
        String filter;

        @Option(names = "--from", paramLabel = "FROM", description = "earliest, latest (default) or a global position.")
        String from;

        @Option(names = "--max-deliveries", paramLabel = "N", description = "Deliveries before an event is parked (default 10).")
        Integer maxDeliveries;

        @Option(names = "--lease", paramLabel = "DURATION", description = "How long a fetched event is held, ISO-8601 (default PT30S).")
        String lease;

        @Option(names = "--ordering", paramLabel = "ORDERING",
                description = "none, stream (default), partitionKey or subject: one event under way per key.")
        String ordering;

        @Option(names = "--max-pending", paramLabel = "N", description = "Events read ahead and not settled (default 1000).")
        Integer maxPending;

        @Option(names = "--backoff", paramLabel = "JSON",
                description = "Back-off between deliveries, e.g. '{\"kind\":\"fixed\",\"delay\":\"PT5S\"}'.")
        String backoff;

        @Override
        public void run() {
            ObjectNode body = OutputFormat.MAPPER.createObjectNode();
            body.put("name", groupName(spec, name));
            if (category != null && type != null) {
                throw usage("give --category or --type, not both");
            }
            if (category != null) {
                body.put("category", category);
            }
            if (type != null) {
                body.put("type", type);
            }
            if (filter != null) {
                body.put("filter", filter);
            }
            if (from != null) {
                putFrom(body);
            }
            if (maxDeliveries != null) {
                body.put("maxDeliveries", maxDeliveries);
            }
            if (lease != null) {
                checkLease();
                body.put("lease", lease);
            }
            if (ordering != null) {
                GroupSpec.Ordering.ofLabel(ordering).orElseThrow(() -> usage(
                        "--ordering: must be none, stream, partitionKey or subject, was '" + ordering + "'"));
                body.put("ordering", ordering);
            }
            if (backoff != null) {
                JsonNode json = JsonInput.parse(spec, "--backoff", backoff);
                if (!json.isObject()) {
                    throw usage("--backoff: must be a JSON object such as {\"kind\":\"fixed\",\"delay\":\"PT5S\"}");
                }
                body.set("backoff", json);
            }
            if (maxPending != null) {
                body.put("maxPending", maxPending);
            }
            print(post(groupsPath(), body));
        }

        private void putFrom(ObjectNode body) {
            if (from.equals("earliest") || from.equals("latest")) {
                body.put("from", from);
                return;
            }
            try {
                long position = Long.parseLong(from);
                if (position >= 0) {
                    body.put("from", position);
                    return;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw usage("--from: must be earliest, latest or a global position, was '" + from + "'");
        }

        private void checkLease() {
            try {
                Duration.parse(lease);
            } catch (DateTimeParseException e) {
                throw usage("--lease: must be an ISO-8601 duration such as PT30S, was '" + lease + "'");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the bus's consumer groups with their stats.")
    static final class ListGroups extends OnBus {
        @Override
        public void run() {
            printItems(client.client().get(groupsPath()), "groups");
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Shows a consumer group: its definition and stats (checkpoint, lag, pending, inFlight, parked, "
                    + "redeliveries, consumers).")
    static final class Describe extends OnOne {
        @Override
        public void run() {
            print(client.client().get(path("")));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a consumer group with its checkpoint, retries and parked events.")
    static final class Delete extends OnOne {
        @Override
        public void run() {
            client.client().delete(path(""));
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Leases up to --max events to a consumer and prints each with its position, deliveries, "
                    + "lease and envelope (ndjson: one per line).")
    static final class Fetch extends OnOne {
        @Option(names = "--consumer", required = true, paramLabel = "ID", description = "The consumer taking the lease.")
        String consumer;

        @Option(names = "--max", paramLabel = "N", description = "At most N events (1-1000, default 100).")
        Integer max;

        @Override
        public void run() {
            String query = "?consumer=" + URLEncoder.encode(consumer(spec, consumer), StandardCharsets.UTF_8);
            if (max != null) {
                if (max < 1 || max > 1000) {
                    throw usage("--max: must be within 1..1000, was " + max);
                }
                query += "&max=" + max;
            }
            printItems(client.client().post(path("/fetch") + query, "application/json", new byte[0]), "events");
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true,
            description = "Acknowledges events the consumer holds: all of them, or none if a lease was lost.")
    static final class Ack extends Settle {
        @Override
        public void run() {
            settle("ack", null);
        }
    }

    @Command(name = "nack", mixinStandardHelpOptions = true,
            description = "Gives back events the consumer holds; they come back after the back-off.")
    static final class Nack extends Settle {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (at most 1024 characters).")
        String reason;

        @Override
        public void run() {
            settle("nack", reason);
        }
    }

    @Command(name = "park", mixinStandardHelpOptions = true,
            description = "Parks events the consumer holds for an operator (see parked, replay, drop).")
    static final class Park extends Settle {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (at most 1024 characters).")
        String reason;

        @Override
        public void run() {
            settle("park", reason);
        }
    }

    @Command(name = "parked", mixinStandardHelpOptions = true,
            description = "Lists parked events: position, deliveries, reason, parkedAt (ndjson: one per line).")
    static final class Parked extends OnOne {
        @Option(names = "--from", paramLabel = "N", description = "From this global position (default 0).")
        Long from;

        @Option(names = "--limit", paramLabel = "N", description = "At most N (1-1000, default 100).")
        Integer limit;

        @Override
        public void run() {
            StringBuilder query = new StringBuilder();
            if (from != null) {
                if (from < 0) {
                    throw usage("--from: must be >= 0, was " + from);
                }
                query.append("?from=").append(from);
            }
            if (limit != null) {
                if (limit < 1 || limit > 1000) {
                    throw usage("--limit: must be within 1..1000, was " + limit);
                }
                query.append(query.isEmpty() ? '?' : '&').append("limit=").append(limit);
            }
            printItems(client.client().get(path("/parked") + query), "parked");
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Sends parked events round again, their deliveries counted afresh.")
    static final class Replay extends OnPositions {
        @Override
        public void run() {
            print(post(path("/parked/replay"), positionsBody()));
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true, description = "Drops parked events for good.")
    static final class Drop extends OnPositions {
        @Override
        public void run() {
            print(post(path("/parked/drop"), positionsBody()));
        }
    }
}
