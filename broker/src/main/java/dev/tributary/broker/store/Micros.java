package dev.tributary.broker.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Instants and durations as the store keeps them: whole microseconds in a {@code BIGINT} (instants since the epoch),
 * which both SQLite and PostgreSQL compare and index as plain numbers. Finer digits are dropped.
 */
final class Micros {
    private static final long PER_SECOND = 1_000_000L;

    private Micros() {}

    static long of(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("instant out of range: " + instant);
        }
    }

    static long of(Duration duration) {
        try {
            return Math.addExact(Math.multiplyExact(duration.getSeconds(), PER_SECOND), duration.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration out of range: " + duration);
        }
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1_000);
    }

    static Duration duration(long micros) {
        return Duration.ofSeconds(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1_000);
    }

    /** The instant as the store would give it back. */
    static Instant truncate(Instant instant) {
        return instant(of(instant));
    }
}
