package dev.tributary.core.eventstore;

/** A read named a stream that has no events. */
public class StreamNotFoundException extends EventStoreException {
    private final String stream;

    public StreamNotFoundException(String stream) {
        super("stream '" + stream + "' does not exist");
        this.stream = stream;
    }

    public String stream() {
        return stream;
    }
}
