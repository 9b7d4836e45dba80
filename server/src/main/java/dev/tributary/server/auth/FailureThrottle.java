package dev.tributary.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed authentications per client address in one-minute windows; an address over the limit is refused
 * until its window ends, so guessing keys is slow. Remembers at most {@link #MAX_ADDRESSES} addresses (the least
 * recently failing are forgotten first), so a flood from many addresses cannot grow it. Thread-safe.
 */
public final class FailureThrottle {
    static final int MAX_ADDRESSES = 10_000;
    private static final long WINDOW_MILLIS = 60_000;

    private final int maxPerWindow;
    private final Clock clock;
    private final Map<String, long[]> windows = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /** Until the first failure, every check is answered without the lock: the common case costs nothing. */
    private volatile boolean anyFailed;

    public FailureThrottle(int maxPerWindow, Clock clock) {
        this.maxPerWindow = maxPerWindow;
        this.clock = clock;
    }

    /** How long the address must wait, if it has failed too often in its current window. */
    public Optional<Duration> blocked(String address) {
        return anyFailed ? blockedLocked(address) : Optional.empty();
    }

    private synchronized Optional<Duration> blockedLocked(String address) {
        long[] window = windows.get(address);
        long now = clock.millis();
        if (window == null || now - window[0] >= WINDOW_MILLIS || window[1] < maxPerWindow) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(WINDOW_MILLIS - (now - window[0])));
    }

    public synchronized void failed(String address) {
        anyFailed = true;
        long now = clock.millis();
        long[] window = windows.get(address);
        if (window == null || now - window[0] >= WINDOW_MILLIS) {
            windows.put(address, new long[] {now, 1});
        } else {
            window[1]++;
        }
    }
}
