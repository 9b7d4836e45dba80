package dev.tributary.core.eventstore;

import java.time.Instant;

/**
 * An event a consumer group handed to one consumer: settle it by its global position
 * ({@link RecordedEvent#position()}) before {@code leaseUntil}, or it goes to another consumer.
 *
 * @param deliveries 1 at the first delivery, more after a nack or an expired lease
 */
public record LeasedEvent(RecordedEvent event, int deliveries, Instant leaseUntil) {
    public long position() {
        return event.position();
    }
}
