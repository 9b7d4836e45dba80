package dev.tributary.log;

import java.nio.file.Path;

/**
 * Receives what the log does, for metrics and logs. Called on partition writer threads: implementations must be
 * fast, thread-safe and must not throw.
 */
public interface LogListener {

    LogListener NONE = new LogListener() {};

    /** One group commit was written (and fsynced, when the durability asks for it). */
    default void batchWritten(int partition, int events, long bytes, long writeNanos, long fsyncNanos) {}

    /** A record failed its checksum or could not be parsed. */
    default void corruptionFound(Path file, long position, String reason) {}

    /** An append failed because the disk refused a write or an fsync. */
    default void appendFailed(int partition, Exception cause) {}
}
