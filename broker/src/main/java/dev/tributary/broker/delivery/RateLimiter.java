package dev.tributary.broker.delivery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A subscription's rate limit on attempts: a token bucket refilled at {@code rate} tokens per second, holding at most
 * one second's worth (at least one token), so a sink that was idle gets a burst of at most one second of traffic.
 * A rate of 0 means no limit. Measured in real time ({@link System#nanoTime}). Thread-safe.
 */
final class RateLimiter {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt = System.nanoTime();

    RateLimiter(double perSecond) {
        if (perSecond < 0 || Double.isNaN(perSecond)) {
            throw new IllegalArgumentException("rate < 0: " + perSecond);
        }
        this.perNano = perSecond / TimeUnit.SECONDS.toNanos(1);
        this.capacity = Math.max(1, perSecond);
        this.tokens = capacity;
    }

    /** Takes a token, waiting for one; false if {@code running} stopped first. */
    boolean acquire(Running running) {
        if (perNano == 0) {
            return true;
        }
        while (running.on()) {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
                refilledAt = now;
                if (tokens >= 1) {
                    tokens -= 1;
                    return true;
                }
                wait = (long) Math.ceil((1 - tokens) / perNano);
            }
            LockSupport.parkNanos(this, Math.min(wait, Running.SLICE_NANOS));
        }
        return false;
    }
}
