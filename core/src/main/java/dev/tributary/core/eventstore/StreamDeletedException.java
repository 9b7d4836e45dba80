package dev.tributary.core.eventstore;

/**
 * The stream was deleted for good (a hard delete, a tombstone): it can no longer be read, appended to or given
 * metadata. A soft-deleted stream is not this: it reads empty and takes appends, its versions going on.
 */
public class StreamDeletedException extends EventStoreException {
    private final String stream;

    public StreamDeletedException(String stream) {
        super("stream '" + stream + "' was deleted for good (a hard delete): it can no longer be read, appended to "
                + "or given metadata");
        this.stream = stream;
    }

    public String stream() {
        return stream;
    }
}
