package dev.tributary.broker.store;

import java.time.Instant;

/**
 * A failed delivery scheduled to be attempted again: which event (by its position in the bus and its CloudEvents
 * identity), when, and what happened last time. There is at most one per subscription, partition and offset.
 *
 * @param key the event's ordering key, or null if it has none; while a retry with a key is pending, an ordered
 *     dispatcher parks later events with the same key behind it
 * @param dueAt when the next attempt may start; {@link #PARKED} for an event of an {@code ordered} subscription that
 *     waits for an earlier event of its key, with no attempt made yet (see {@link RetryQueue#resolve})
 * @param priority the order among due retries: higher first
 * @param attempts the attempts made so far
 * @param dueAt when the next attempt may start
 * @param lastStatus the HTTP status of the last attempt, or -1 if it got none
 * @param lastError why the last attempt failed, or null; the store keeps at most {@link RetryQueue#MAX_ERROR_BYTES}
 */
public record Retry(
        String subscriptionId,
        int partition,
        long offset,
        String eventId,
        String eventSource,
        String key,
        int priority,
        int attempts,
        Instant firstAttemptAt,
        Instant dueAt,
        int lastStatus,
        String lastError) {

    /**
     * The due time of a parked event: later than any real one, so that it is never due before
     * {@link RetryQueue#resolve} makes it due.
     */
    public static final Instant PARKED = Instant.parse("9999-12-31T00:00:00Z");

    public Retry {
        Check.text(subscriptionId, "subscriptionId");
        Check.atLeast(partition, 0, "partition");
        Check.atLeast(offset, 0, "offset");
        Check.eventText(eventId, "eventId");
        Check.eventText(eventSource, "eventSource");
        Check.atLeast(attempts, 0, "attempts");
        Check.present(firstAttemptAt, "firstAttemptAt");
        Check.present(dueAt, "dueAt");
        Check.atLeast(lastStatus, -1, "lastStatus");
    }

    /** An event waiting behind an earlier event of its key rather than a failed delivery. */
    /** This retry due at {@code value} instead. */
    public Retry dueAt(Instant value) {
        return new Retry(subscriptionId, partition, offset, eventId, eventSource, key, priority, attempts,
                firstAttemptAt, value, lastStatus, lastError);
    }

    public boolean parked() {
        return dueAt.equals(PARKED);
    }

    /** This retry's place in {@link RetryQueue#list}: pass it as {@code afterCursor} to get the retries after it. */
    public String cursor() {
        return RetryCursor.of(this).text();
    }
}
