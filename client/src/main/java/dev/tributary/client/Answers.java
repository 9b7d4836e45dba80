package dev.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the node's small JSON answers (positions, stream appends, buses) into the client's records; event pages,
 * whose events must keep their exact bytes, are {@link EventPages}'. An answer without a member the API promises is an
 * {@link IllegalStateException} naming it: a node of another version, or something else answering in its place.
 * Stateless.
 */
final class Answers {
    /** The client's one mapper; thread-safe once configured, and never reconfigured. */
    static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {}

    /** {@code {"results":[{"partition":1,"offset":41,"duplicate":false}, …]}}. */
    static List<Position> positions(byte[] body) {
        return results(tree(body));
    }

    /** The answer to publishing one event: {@code results} with exactly one entry. */
    static Position position(byte[] body) {
        List<Position> positions = positions(body);
        if (positions.size() != 1) {
            throw new IllegalStateException("the answer to one event has " + positions.size() + " results");
        }
        return positions.get(0);
    }

    /** {@code {"stream":"order-1","firstVersion":0,"currentVersion":1,"duplicate":false,"results":[…]}}. */
    static StreamAppendResult streamAppend(byte[] body) {
        JsonNode answer = tree(body);
        return new StreamAppendResult(required(answer, "stream").asText(), required(answer, "firstVersion").asLong(),
                required(answer, "currentVersion").asLong(), required(answer, "duplicate").asBoolean(),
                results(answer));
    }

    /** One bus description. */
    static Bus bus(byte[] body) {
        return bus(tree(body));
    }

    /** {@code {"buses":[bus, …]}}. */
    static List<Bus> buses(byte[] body) {
        List<Bus> buses = new ArrayList<>();
        for (JsonNode bus : array(tree(body), "buses")) {
            buses.add(bus(bus));
        }
        return buses;
    }

    private static Bus bus(JsonNode bus) {
        JsonNode retention = required(bus, "retention");
        JsonNode maxAge = retention.get("maxAge");
        JsonNode maxBytes = retention.get("maxBytes");
        List<PartitionStats> stats = new ArrayList<>();
        for (JsonNode s : array(bus, "partitionStats")) {
            stats.add(new PartitionStats(required(s, "partition").asInt(), required(s, "startOffset").asLong(),
                    required(s, "endOffset").asLong(), required(s, "segments").asInt(), required(s, "bytes").asLong()));
        }
        try {
            return new Bus(required(bus, "name").asText(), required(bus, "partitions").asInt(),
                    new Retention(maxAge == null ? null : Duration.parse(maxAge.asText()),
                            maxBytes == null ? -1 : maxBytes.asLong()),
                    Instant.parse(required(bus, "createdAt").asText()), stats);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("the bus's retention.maxAge or createdAt is not ISO-8601: " + e.getMessage());
        }
    }

    /** The positions of {@code results}: {@code {"partition":…,"offset":…,"duplicate":…}} (streams add a version). */
    private static List<Position> results(JsonNode answer) {
        List<Position> positions = new ArrayList<>();
        for (JsonNode result : array(answer, "results")) {
            positions.add(new Position(required(result, "partition").asInt(), required(result, "offset").asLong(),
                    required(result, "duplicate").asBoolean(), result.path("position").asLong(-1)));
        }
        return positions;
    }

    static JsonNode tree(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IllegalStateException("the answer is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("the answer is not JSON: " + e.getMessage());
        }
    }

    private static JsonNode array(JsonNode node, String name) {
        JsonNode value = required(node, name);
        if (!value.isArray()) {
            throw new IllegalStateException("the answer's '" + name + "' is not an array");
        }
        return value;
    }

    static JsonNode required(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("the answer has no '" + name + "'");
        }
        return value;
    }
}
