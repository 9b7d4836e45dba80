package dev.tributary.client;

import static dev.tributary.client.Answers.required;
import static dev.tributary.client.Answers.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.delivery.BackoffPolicy;
import dev.tributary.core.eventstore.GroupSpec;
import dev.tributary.core.eventstore.GroupStats;
import dev.tributary.core.eventstore.ParkedEvent;
import dev.tributary.core.eventstore.Selection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The consumer-group bodies of {@code /v1/buses/{bus}/groups}: what the client sends and reads back. Stateless. */
final class GroupAnswers {
    private GroupAnswers() {}

    /** The body of a create. */
    static byte[] create(GroupSpec spec) {
        ObjectNode body = Answers.JSON.createObjectNode().put("name", spec.name());
        switch (spec.selection().kind()) {
            case CATEGORY -> body.put("category", spec.selection().value());
            case EVENT_TYPE -> body.put("type", spec.selection().value());
            case ALL -> { }
        }
        if (spec.selection().filter() != null) {
            body.put("filter", spec.selection().filter());
        }
        if (spec.startPosition() == GroupSpec.LATEST) {
            body.put("from", "latest");
        } else {
            body.put("from", spec.startPosition());
        }
        body.put("maxDeliveries", spec.maxDeliveries())
                .put("lease", spec.lease().toString())
                .put("ordering", spec.ordering().label())
                .put("maxPending", spec.maxPending())
                .set("backoff", spec.backoff().toJson());
        return bytes(body);
    }

    /** The body of an ack, nack or park. */
    static byte[] settle(String consumer, List<Long> positions, String reason) {
        ObjectNode body = Answers.JSON.createObjectNode().put("consumer", consumer);
        ArrayNode array = body.putArray("positions");
        positions.forEach(array::add);
        if (reason != null) {
            body.put("reason", reason);
        }
        return bytes(body);
    }

    /** The body of a replay or drop of parked events. */
    static byte[] positions(List<Long> positions) {
        ObjectNode body = Answers.JSON.createObjectNode();
        ArrayNode array = body.putArray("positions");
        positions.forEach(array::add);
        return bytes(body);
    }

    /** A group's definition as the node describes it. */
    static GroupSpec spec(JsonNode group) {
        Selection selection = group.hasNonNull("category") ? Selection.category(group.get("category").asText())
                : group.hasNonNull("type") ? Selection.eventType(group.get("type").asText()) : Selection.all();
        if (group.hasNonNull("filter")) {
            selection = selection.withFilter(group.get("filter").asText());
        }
        String ordering = required(group, "ordering").asText();
        return new GroupSpec(required(group, "name").asText(), selection,
                required(group, "startPosition").asLong(), required(group, "maxDeliveries").asInt(),
                Duration.parse(required(group, "lease").asText()),
                GroupSpec.Ordering.ofLabel(ordering).orElseThrow(
                        () -> new IllegalStateException("the node named an unknown ordering: " + ordering)),
                BackoffPolicy.fromJson(required(group, "backoff"), "backoff"),
                required(group, "maxPending").asInt());
    }

    static GroupStats stats(JsonNode group) {
        JsonNode s = required(group, "stats");
        return new GroupStats(required(s, "checkpoint").asLong(), required(s, "lag").asLong(),
                required(s, "pending").asInt(), required(s, "inFlight").asInt(), required(s, "parked").asInt(),
                required(s, "redeliveries").asLong(), required(s, "consumers").asInt());
    }

    static List<ParkedEvent> parked(byte[] body) {
        List<ParkedEvent> out = new ArrayList<>();
        for (JsonNode p : required(tree(body), "parked")) {
            out.add(new ParkedEvent(required(p, "position").asLong(), required(p, "deliveries").asInt(),
                    p.path("reason").asText(null), Instant.parse(required(p, "parkedAt").asText())));
        }
        return out;
    }

    /** The count a replay or drop answers. */
    static int count(byte[] body, String member) {
        return required(tree(body), member).asInt();
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return Answers.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
