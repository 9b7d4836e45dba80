package dev.tributary.server.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a node's open HTTP connections against {@code http-max-connections}. Shared by every server instance of a
 * node (one per event loop), so it is thread-safe; a refused connection never counts.
 */
public final class ConnectionLimit {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max < 1");
        }
        this.max = max;
    }

    /** Takes a place for a new connection; false when the node already has {@code max} open. */
    boolean tryOpen() {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back the place of a connection that {@link #tryOpen} admitted and that has now closed. */
    void closed() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }
}
