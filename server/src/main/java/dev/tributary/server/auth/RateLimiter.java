package dev.tributary.server.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token buckets per caller for requests and events per second, each holding at most one second's worth, so a caller
 * may burst up to its rate and then goes at it. A batch larger than a second's worth passes when the bucket is full
 * and leaves it in debt. Remembers at most {@link #MAX_CALLERS} callers (the least recent are forgotten, starting
 * full again), so many callers cannot grow it. Thread-safe.
 */
public final class RateLimiter {
    static final int MAX_CALLERS = 10_000;

    private final RateLimits defaults;
    private final Map<String, Buckets> callers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Buckets> eldest) {
            return size() > MAX_CALLERS;
        }
    };

    /** @param defaults the node's limits for callers whose credential sets none */
    public RateLimiter(RateLimits defaults) {
        this.defaults = defaults;
    }

    /** Takes one request; answers how long to wait if the caller is over its rate. */
    public Optional<Duration> request(Principal caller) {
        long rate = caller.limits().over(defaults).requestsPerSecond().orElse(0);
        return rate == 0 ? Optional.empty() : buckets(caller).requests.take(1, rate, System.nanoTime());
    }

    /** Takes {@code events}; answers how long to wait if the caller is over its rate. */
    public Optional<Duration> events(Principal caller, int events) {
        long rate = caller.limits().over(defaults).eventsPerSecond().orElse(0);
        return rate == 0 ? Optional.empty() : buckets(caller).events.take(events, rate, System.nanoTime());
    }

    private synchronized Buckets buckets(Principal caller) {
        return callers.computeIfAbsent(caller.via() + ":" + caller.name(), k -> new Buckets());
    }

    private static final class Buckets {
        final Bucket requests = new Bucket();
        final Bucket events = new Bucket();
    }

    /** One bucket; the rate comes with each call, so a changed limit applies at once. */
    static final class Bucket {
        private double tokens = Double.NaN;
        private long at;

        synchronized Optional<Duration> take(int n, long rate, long now) {
            if (Double.isNaN(tokens)) {
                tokens = rate;
                at = now;
            }
            tokens = Math.min(rate, tokens + (now - at) / 1e9 * rate);
            at = now;
            double needed = Math.min(n, rate);
            if (tokens >= needed) {
                tokens -= n;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((needed - tokens) / rate * 1e9)));
        }
    }
}
