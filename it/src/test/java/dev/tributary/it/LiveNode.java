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

    /** Starts a node; for {@link #killAndRestart}. */
    interface Start {
        NodeProcess start() throws Exception;
    }

    /**
     * Kills {@code node} with {@code kill -9} (marked down first, so that every failure the kill causes finds it
     * down), starts its successor and tells the clients where it answers.
     */
    NodeProcess killAndRestart(NodeProcess node, Start next) throws Exception {
        down();
        node.kill();
        NodeProcess started = next.start();
        up(started.base());
        return started;
    }
}
