package dev.tributary.broker.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.Names;
import dev.tributary.core.delivery.BackoffPolicy;
import dev.tributary.core.eventstore.Selection;
import java.time.Duration;

/**
 * What a consumer group (a persistent subscription) delivers and how.
 *
 * @param name 1-60 characters a-z 0-9 _ - ({@link Names#isSubscriptionId})
 * @param selection the events: all of a bus's global order, a category or a type, optionally CESQL-filtered
 * @param startPosition the global position the group starts at when it is created
 * @param maxDeliveries after this many deliveries without an ack an event is parked, 1..1000
 * @param lease how long a fetched event is the consumer's before it goes to another, 1 s..1 h
 * @param ordering which events wait for each other: those of one stream, one partition key, one subject, or none
 * @param backoff the delay before a nacked event is delivered again (by its delivery count)
 * @param maxPending events read ahead and not yet settled, at most; bounds the group's heap, 10..100,000
 */
public record GroupSpec(String name, Selection selection, long startPosition, int maxDeliveries, Duration lease,
        Ordering ordering, BackoffPolicy backoff, int maxPending) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The key whose events a group delivers one at a time, in order. */
    public enum Ordering {
        NONE,
        STREAM,
        PARTITION_KEY,
        SUBJECT
    }

    public GroupSpec {
        if (!Names.isSubscriptionId(name)) {
            throw new IllegalArgumentException("name must be 1-60 characters a-z 0-9 _ - starting with a letter or "
                    + "digit, was " + name);
        }
        if (selection == null) {
            throw new IllegalArgumentException("selection is required");
        }
        if (startPosition < 0) {
            throw new IllegalArgumentException("startPosition must be a global position, was " + startPosition);
        }
        if (maxDeliveries < 1 || maxDeliveries > 1000) {
            throw new IllegalArgumentException("maxDeliveries must be within 1..1000, was " + maxDeliveries);
        }
        if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("lease must be within PT1S..PT1H, was " + lease);
        }
        if (ordering == null || backoff == null) {
            throw new IllegalArgumentException("ordering and backoff are required");
        }
        if (maxPending < 10 || maxPending > 100_000) {
            throw new IllegalArgumentException("maxPending must be within 10..100000, was " + maxPending);
        }
    }

    /** A group of {@code selection} from {@code startPosition}: 10 deliveries, 30 s leases, per-stream order. */
    public static GroupSpec of(String name, Selection selection, long startPosition) {
        return new GroupSpec(name, selection, startPosition, 10, Duration.ofSeconds(30), Ordering.STREAM,
                BackoffPolicy.exponential(Duration.ofSeconds(1), 2, 0.2, Duration.ofMinutes(5)), 1_000);
    }

    public GroupSpec withLease(Duration value) {
        return new GroupSpec(name, selection, startPosition, maxDeliveries, value, ordering, backoff, maxPending);
    }

    public GroupSpec withMaxDeliveries(int value) {
        return new GroupSpec(name, selection, startPosition, value, lease, ordering, backoff, maxPending);
    }

    public GroupSpec withOrdering(Ordering value) {
        return new GroupSpec(name, selection, startPosition, maxDeliveries, lease, value, backoff, maxPending);
    }

    public GroupSpec withBackoff(BackoffPolicy value) {
        return new GroupSpec(name, selection, startPosition, maxDeliveries, lease, ordering, value, maxPending);
    }

    public GroupSpec withMaxPending(int value) {
        return new GroupSpec(name, selection, startPosition, maxDeliveries, lease, ordering, backoff, value);
    }

    String toJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("name", name);
        json.put("kind", selection.kind().name());
        json.put("value", selection.value());
        json.put("filter", selection.filter());
        json.put("startPosition", startPosition);
        json.put("maxDeliveries", maxDeliveries);
        json.put("lease", lease.toString());
        json.put("ordering", ordering.name());
        json.set("backoff", backoff.toJson());
        json.put("maxPending", maxPending);
        return json.toString();
    }

    static GroupSpec fromJson(String text) {
        try {
            JsonNode json = JSON.readTree(text);
            Selection selection = new Selection(Selection.Kind.valueOf(json.get("kind").asText()),
                    json.hasNonNull("value") ? json.get("value").asText() : null,
                    json.hasNonNull("filter") ? json.get("filter").asText() : null);
            return new GroupSpec(json.get("name").asText(), selection, json.get("startPosition").asLong(),
                    json.get("maxDeliveries").asInt(), Duration.parse(json.get("lease").asText()),
                    Ordering.valueOf(json.get("ordering").asText()),
                    BackoffPolicy.fromJson(json.get("backoff"), "backoff"), json.get("maxPending").asInt());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored consumer group is not JSON: " + e.getMessage(), e);
        }
    }
}
