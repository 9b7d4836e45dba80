package dev.tributary.server.auth;

import java.util.OptionalLong;

/**
 * How many requests, and events, per second a caller may send; empty takes the node's default
 * ({@code key-requests-per-second}, {@code key-events-per-second}), and 0 means no limit.
 */
public record RateLimits(OptionalLong requestsPerSecond, OptionalLong eventsPerSecond) {
    public static final RateLimits NODE_DEFAULTS = new RateLimits(OptionalLong.empty(), OptionalLong.empty());
    public static final long MAX = 10_000_000;

    public RateLimits {
        check(requestsPerSecond, "requestsPerSecond");
        check(eventsPerSecond, "eventsPerSecond");
    }

    /** These limits with the node's defaults where none is set. */
    public RateLimits over(RateLimits defaults) {
        return new RateLimits(requestsPerSecond.isPresent() ? requestsPerSecond : defaults.requestsPerSecond,
                eventsPerSecond.isPresent() ? eventsPerSecond : defaults.eventsPerSecond);
    }

    private static void check(OptionalLong value, String name) {
        if (value == null || (value.isPresent() && (value.getAsLong() < 0 || value.getAsLong() > MAX))) {
            throw new IllegalArgumentException("limits." + name + ": must be within 0.." + MAX + " (0: no limit), was "
                    + value);
        }
    }
}
