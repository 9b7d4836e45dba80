package dev.tributary.server;

import dev.tributary.broker.BusDefaults;
import dev.tributary.broker.subscription.Subscriptions;
import dev.tributary.server.auth.RateLimits;
import java.util.OptionalLong;

/**
 * How much one node keeps and how fast one caller may go.
 *
 * @param maxBuses the most buses, dead-letter buses included ({@code max-buses}, default 10000)
 * @param maxSubscriptions the most subscriptions ({@code max-subscriptions}, default 10000)
 * @param maxKeys the most API keys, revoked ones included ({@code max-keys}, default 1000)
 * @param keyRequestsPerSecond requests per second one key (or token, or certificate) may send, unless the key sets
 *     its own ({@code key-requests-per-second}, default 0: no limit)
 * @param keyEventsPerSecond events per second one key may publish, unless the key sets its own
 *     ({@code key-events-per-second}, default 0: no limit)
 */
public record NodeLimits(int maxBuses, int maxSubscriptions, int maxKeys, long keyRequestsPerSecond,
        long keyEventsPerSecond) {
    public static final int DEFAULT_MAX_KEYS = 1_000;

    public NodeLimits {
        if (maxBuses < 1 || maxBuses > 1_000_000) {
            throw new IllegalArgumentException("max-buses must be within 1..1000000, was " + maxBuses);
        }
        if (maxSubscriptions < 1 || maxSubscriptions > 1_000_000) {
            throw new IllegalArgumentException("max-subscriptions must be within 1..1000000, was " + maxSubscriptions);
        }
        if (maxKeys < 1 || maxKeys > 1_000_000) {
            throw new IllegalArgumentException("max-keys must be within 1..1000000, was " + maxKeys);
        }
        if (keyRequestsPerSecond < 0 || keyRequestsPerSecond > RateLimits.MAX) {
            throw new IllegalArgumentException("key-requests-per-second must be within 0.." + RateLimits.MAX
                    + " (0: no limit), was " + keyRequestsPerSecond);
        }
        if (keyEventsPerSecond < 0 || keyEventsPerSecond > RateLimits.MAX) {
            throw new IllegalArgumentException("key-events-per-second must be within 0.." + RateLimits.MAX
                    + " (0: no limit), was " + keyEventsPerSecond);
        }
    }

    public static NodeLimits defaults() {
        return new NodeLimits(BusDefaults.DEFAULT_MAX_BUSES, Subscriptions.DEFAULT_MAX_SUBSCRIPTIONS, DEFAULT_MAX_KEYS,
                0, 0);
    }

    /** The rate limits of a caller whose credential sets none. */
    public RateLimits keyDefaults() {
        return new RateLimits(OptionalLong.of(keyRequestsPerSecond), OptionalLong.of(keyEventsPerSecond));
    }
}
