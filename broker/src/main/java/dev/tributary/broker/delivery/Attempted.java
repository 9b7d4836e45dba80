package dev.tributary.broker.delivery;

import dev.tributary.broker.Bus;
import dev.tributary.broker.store.Attempt;
import dev.tributary.broker.store.Retry;
import dev.tributary.core.delivery.Outcome;
import dev.tributary.log.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One finished attempt, as the dispatcher hands it to the {@link OutcomeRouter}.
 *
 * @param stored the event as read from the log
 * @param attempt 1 for the first attempt, then 2, 3, …
 * @param firstAttemptAt when the first attempt started
 * @param startedAt when this one started
 * @param excerpt of the response (when there was one) or of the error, or null
 * @param retry the scheduled retry this attempt came from, or null for a fresh event
 */
record Attempted(
        StoredEvent stored, int attempt, Instant firstAttemptAt, Instant startedAt, Duration duration, Outcome outcome,
        String excerpt, Retry retry) {

    Attempted {
        if (duration.isNegative()) {
            duration = Duration.ZERO;
        }
    }

    int partition() {
        return stored.partition();
    }

    long offset() {
        return stored.offset();
    }

    boolean fresh() {
        return retry == null;
    }

    /** The HTTP status, or -1 when the attempt got no response. */
    int status() {
        return outcome.status().orElse(-1);
    }

    /** Why the attempt failed, for the retry schedule and the dead letter: {@code HTTP 503: <body>}, {@code timeout}. */
    String error() {
        if (outcome.kind() == Outcome.Kind.DELIVERED) {
            return null;
        }
        String what = outcome.error()
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .orElseGet(() -> "HTTP " + status());
        return excerpt == null || excerpt.isEmpty() ? what : what + ": " + excerpt;
    }

    /** The row of the attempt log. */
    Attempt toAttempt(String subscriptionId) {
        boolean answered = outcome.status().isPresent();
        return new Attempt(0, subscriptionId, partition(), offset(), stored.event().getId(),
                stored.event().getSource().toString(), attempt, startedAt, duration, status(), outcome.kind().name(),
                answered ? null : error(), answered ? excerpt : null);
    }

    /** The ordering key of an event: its partition key, else its stream, else its subject; null if none. */
    static String keyOf(StoredEvent stored) {
        Object partitionKey = stored.event().getExtension(Bus.PARTITION_KEY);
        if (partitionKey != null) {
            return partitionKey.toString();
        }
        if (stored.stream() != null) {
            return stored.stream();
        }
        return stored.event().getSubject();
    }
}
