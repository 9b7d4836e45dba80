package dev.tributary.broker.delivery;

import dev.tributary.core.delivery.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How one attempt went: its {@link Outcome} (which decides what happens next), how long it took, and an excerpt of
 * the response (at most {@value #MAX_EXCERPT} bytes of text) or of the error for the attempt log.
 */
public record SendResult(Outcome outcome, Duration duration, Optional<String> excerpt) {
    public static final int MAX_EXCERPT = 1024;

    public SendResult {
        excerpt = excerpt.map(SendResult::cut);
    }

    /** A 2xx-like success, for in-process sinks. */
    public static SendResult delivered(Duration duration) {
        return new SendResult(Outcome.of(200, Optional.empty(), Instant.EPOCH), duration, Optional.empty());
    }

    private static String cut(String text) {
        if (text.length() <= MAX_EXCERPT) {
            return text;
        }
        int end = MAX_EXCERPT;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
