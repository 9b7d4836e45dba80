package dev.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.eventstore.Snapshot;
import dev.tributary.core.eventstore.StreamMetadata;
import dev.tributary.core.eventstore.StreamState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A stream's state and metadata ({@code {"stream","currentVersion","firstVersion","deleted","metadata"}}) and its
 * snapshots in the node's JSON.
 */
final class StreamStates {
    private StreamStates() {}

    static StreamState read(byte[] body) {
        try {
            JsonNode json = Answers.JSON.readTree(body);
            JsonNode m = json.path("metadata");
            StreamMetadata metadata = new StreamMetadata(
                    m.path("maxCount").asLong(-1),
                    m.hasNonNull("maxAge") ? Duration.parse(m.get("maxAge").asText()) : null,
                    m.path("truncateBefore").asLong(-1),
                    m.hasNonNull("custom") ? m.get("custom").toString() : null);
            return new StreamState(json.path("stream").asText(), json.path("currentVersion").asLong(),
                    json.path("firstVersion").asLong(), metadata, json.path("deleted").asBoolean());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the answer is not the JSON of a stream's state: " + e.getMessage(), e);
        }
    }

    /** A snapshot in the node's JSON ({@code state} in base64), or null for a JSON null. */
    static Snapshot snapshot(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return null;
        }
        try {
            return new Snapshot(json.path("version").asLong(), json.path("schemaVersion").asInt(),
                    json.path("state").binaryValue(),
                    json.hasNonNull("takenAt") ? Instant.parse(json.get("takenAt").asText()) : null);
        } catch (IOException e) {
            throw new IllegalStateException("the snapshot's state is not base64: " + e.getMessage(), e);
        }
    }

    /** The {@code snapshot} member of a loaded stream's page. */
    static Snapshot snapshotOf(byte[] body) {
        try {
            return snapshot(Answers.JSON.readTree(body).get("snapshot"));
        } catch (IOException e) {
            throw new IllegalStateException("the answer is not the JSON of a loaded stream: " + e.getMessage(), e);
        }
    }

    static Snapshot snapshot(byte[] body) {
        try {
            return snapshot(Answers.JSON.readTree(body));
        } catch (IOException e) {
            throw new IllegalStateException("the answer is not the JSON of a snapshot: " + e.getMessage(), e);
        }
    }

    static byte[] write(StreamMetadata metadata) {
        ObjectNode json = Answers.JSON.createObjectNode();
        if (metadata.maxCount() > 0) {
            json.put("maxCount", metadata.maxCount());
        }
        if (metadata.maxAge() != null) {
            json.put("maxAge", metadata.maxAge().toString());
        }
        if (metadata.truncateBefore() >= 0) {
            json.put("truncateBefore", metadata.truncateBefore());
        }
        try {
            if (metadata.custom() != null) {
                json.set("custom", Answers.JSON.readTree(metadata.custom()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("custom must be JSON: " + e.getMessage(), e);
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
