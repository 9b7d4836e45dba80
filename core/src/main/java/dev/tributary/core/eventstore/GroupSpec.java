package dev.tributary.core.eventstore;

import dev.tributary.core.Names;
import dev.tributary.core.delivery.BackoffPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * What a consumer group (a persistent subscription) delivers and how.
 *
 * @param name 1-60 characters a-z 0-9 _ - ({@link Names#isSubscriptionId})
 * @param selection the events: all of a bus's global order, a category or a type, optionally CESQL-filtered
 * @param startPosition the global position the group starts at when it is created ({@link #LATEST}: the end of the
 *     order then; {@code 0}: the first event kept)
 * @param maxDeliveries after this many deliveries without an ack an event is parked, 1..1000
 * @param lease how long a fetched event is the consumer's before it goes to another, 1 s..1 h
 * @param ordering which events wait for each other: those of one stream, one partition key, one subject, or none
 * @param backoff the delay before a nacked event is delivered again (by its delivery count)
 * @param maxPending events read ahead and not yet settled, at most; bounds the group's heap, 10..100,000
 */
public record GroupSpec(String name, Selection selection, long startPosition, int maxDeliveries, Duration lease,
        Ordering ordering, BackoffPolicy backoff, int maxPending) {
    /** As a start position: the end of the global order when the group is created (only events appended later). */
    public static final long LATEST = Long.MAX_VALUE;

    /** The key whose events a group delivers one at a time, in order. */
    public enum Ordering {
        NONE("none"),
        STREAM("stream"),
        PARTITION_KEY("partitionKey"),
        SUBJECT("subject");

        private final String label;

        Ordering(String label) {
            this.label = label;
        }

        /** Its name in the HTTP API and the CLI. */
        public String label() {
            return label;
        }

        /** The ordering of that {@link #label()}; empty for none. */
        public static Optional<Ordering> ofLabel(String label) {
            for (Ordering o : values()) {
                if (o.label.equals(label)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
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

    public GroupSpec withStartPosition(long value) {
        return new GroupSpec(name, selection, value, maxDeliveries, lease, ordering, backoff, maxPending);
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
}
