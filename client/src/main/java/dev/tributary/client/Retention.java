package dev.tributary.client;

import java.time.Duration;

/**
 * How long a bus keeps its events: the node drops whole segments older than {@code maxAge} or beyond
 * {@code maxBytes} for the whole bus, whichever bites first.
 *
 * @param maxAge the age past which events are dropped, or {@code null} for no age limit
 * @param maxBytes the most bytes the bus keeps, or -1 for no size limit
 */
public record Retention(Duration maxAge, long maxBytes) {
    /** @throws IllegalArgumentException for a zero or negative age, or a size neither positive nor -1 */
    public Retention {
        if (maxAge != null && (maxAge.isZero() || maxAge.isNegative())) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        if (maxBytes != -1 && maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive or -1 (no limit), was " + maxBytes);
        }
    }

    /** Keeps every event until the bus is deleted. */
    public static Retention unbounded() {
        return new Retention(null, -1);
    }
}
