package dev.tributary.broker.store;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt to deliver an event to a subscription's sink, as kept in the {@link AttemptLog}.
 *
 * @param sequence assigned by the store, increasing in the order attempts are recorded; ignored by
 *     {@link AttemptLog#record} (pass 0)
 * @param attempt 1 for the first attempt at this event, 2 for the first retry, …
 * @param status the sink's HTTP status, or -1 if there was none (connection refused, timeout)
 * @param outcome what the dispatcher made of it: {@code DELIVERED}, {@code RETRY}, {@code REJECTED}, {@code GONE},
 *     {@code DEAD_LETTERED}, {@code REFUSED}, …
 * @param error why it failed, or null; the store keeps at most {@link AttemptLog#MAX_TEXT_BYTES}
 * @param response an excerpt of the sink's response body, or null; the store keeps at most
 *     {@link AttemptLog#MAX_TEXT_BYTES}
 */
public record Attempt(
        long sequence,
        String subscriptionId,
        int partition,
        long offset,
        String eventId,
        String eventSource,
        int attempt,
        Instant startedAt,
        Duration duration,
        int status,
        String outcome,
        String error,
        String response) {

    public Attempt {
        Check.atLeast(sequence, 0, "sequence");
        Check.text(subscriptionId, "subscriptionId");
        Check.atLeast(partition, 0, "partition");
        Check.atLeast(offset, 0, "offset");
        Check.eventText(eventId, "eventId");
        Check.eventText(eventSource, "eventSource");
        Check.atLeast(attempt, 1, "attempt");
        Check.present(startedAt, "startedAt");
        Check.present(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration is negative: " + duration);
        }
        Check.atLeast(status, -1, "status");
        Check.text(outcome, "outcome");
    }
}
