package dev.tributary.it;

import java.net.URI;

/**
 * Where the node currently answers, shared between the test thread that kills and restarts it and the producer
 * threads. A producer whose request failed waits here until the node is up again, then retries.
 *
 * <p>Thread-safe (monitor).
 */
final class LiveNode {
    private URI base;
    private boolean closed;

    synchronized void up(URI base) {
        this.base = base;
        notifyAll();
    }

    /** Called before the kill, so that every failure caused by it finds the node down. */
    synchronized void down() {
        base = null;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** The node's address, waiting up to {@code timeoutMillis} for it to be up; null if it stays down. */
    synchronized URI await(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (base == null && !closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        return base;
    }
}
