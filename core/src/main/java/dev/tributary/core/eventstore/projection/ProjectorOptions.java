package dev.tributary.core.eventstore.projection;

import java.time.Clock;
import java.time.Duration;

/**
 * Settings of a {@link Projector}. Immutable; validated on construction.
 *
 * @param batchSize the most events committed in one transaction, 1..10,000; a batch is whatever has arrived, up to
 *     this, so a projection that keeps up commits each event at once and one that catches up commits big batches
 * @param cacheSize how many committed states a runner keeps in memory, 0..1,000,000, so that a batch reads only the
 *     keys it has not touched lately
 * @param maxRetryDelay the longest wait between tries after the state store failed (from 100 ms, doubling), 100 ms..1 h
 * @param clock gives {@code updated_at}
 */
public record ProjectorOptions(int batchSize, int cacheSize, Duration maxRetryDelay, Clock clock) {
    static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(100);

    public ProjectorOptions {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be within 1..10000, was " + batchSize);
        }
        if (cacheSize < 0 || cacheSize > 1_000_000) {
            throw new IllegalArgumentException("cacheSize must be within 0..1000000, was " + cacheSize);
        }
        if (maxRetryDelay == null
                || maxRetryDelay.compareTo(FIRST_RETRY_DELAY) < 0
                || maxRetryDelay.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("maxRetryDelay must be within 100 ms..1 h, was " + maxRetryDelay);
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
    }

    /** Batches of up to 500, 10,000 cached states, retries of the state store up to every 10 s, the system clock. */
    public static ProjectorOptions defaults() {
        return new ProjectorOptions(500, 10_000, Duration.ofSeconds(10), Clock.systemUTC());
    }

    public ProjectorOptions withBatchSize(int value) {
        return new ProjectorOptions(value, cacheSize, maxRetryDelay, clock);
    }

    public ProjectorOptions withCacheSize(int value) {
        return new ProjectorOptions(batchSize, value, maxRetryDelay, clock);
    }

    public ProjectorOptions withMaxRetryDelay(Duration value) {
        return new ProjectorOptions(batchSize, cacheSize, value, clock);
    }

    public ProjectorOptions withClock(Clock value) {
        return new ProjectorOptions(batchSize, cacheSize, maxRetryDelay, value);
    }
}
