package dev.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.eventstore.StreamMetadata;
import dev.tributary.core.eventstore.StreamState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A stream's state and metadata in the node's JSON: {@code {"stream","currentVersion","firstVersion","deleted","metadata"}}. */
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
