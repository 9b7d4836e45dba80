package dev.tributary.server;

import dev.tributary.log.LogListener;
import java.nio.file.Path;

/**
 * Whether the node's storage takes writes, for {@code /health/ready}: down from a failed write (a full disk, an I/O
 * error) until a later write succeeds, so a load balancer stops sending events to a node that can only refuse them,
 * and sends them again once space is back. Watches every bus's log listener.
 *
 * <p>Thread-safe.
 */
final class StorageHealth {
    private volatile long lastFailure = Long.MIN_VALUE;
    private volatile long lastSuccess = Long.MIN_VALUE;
    private volatile String lastError = "";

    /** {@code delegate}, with each write's outcome recorded here first. */
    LogListener watching(LogListener delegate) {
        return new LogListener() {
            @Override
            public void batchWritten(int partition, int events, long bytes, long writeNanos, long fsyncNanos) {
                lastSuccess = System.nanoTime();
                delegate.batchWritten(partition, events, bytes, writeNanos, fsyncNanos);
            }

            @Override
            public void corruptionFound(Path file, long position, String reason) {
                delegate.corruptionFound(file, position, reason);
            }

            @Override
            public void appendFailed(int partition, Exception cause) {
                failed(cause);
                delegate.appendFailed(partition, cause);
            }
        };
    }

    /** A write outside the logs (a bus folder, the metadata store) failed. */
    void failed(Exception cause) {
        lastError = String.valueOf(cause.getMessage());
        lastFailure = System.nanoTime();
    }

    boolean up() {
        long failure = lastFailure;
        return failure == Long.MIN_VALUE || lastSuccess - failure > 0;
    }

    /** Why the storage is down; empty while it is up. */
    String reason() {
        return up() ? "" : "the last write failed: " + lastError;
    }
}
