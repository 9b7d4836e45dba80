package dev.tributary.core.eventstore;

/** How a stream is deleted ({@link EventStore#deleteStream}). */
public enum DeleteMode {
    /**
     * Hides every version up to the current one from every read; the stream takes appends again, its versions going
     * on (its metadata's {@code truncateBefore} moves past the last version).
     */
    SOFT,
    /** The same, and a tombstone: later appends, reads and metadata changes fail with {@link StreamDeletedException}. */
    HARD
}
