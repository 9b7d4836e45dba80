package dev.tributary.core.eventstore;

/**
 * A call to an {@link EventStore} that did not work, embedded or remote: each subclass names one reason (a wrong
 * expected version, a position not stored, a stream that does not exist…) and carries what the caller needs to act
 * on it. Unchecked, as the store's calls either work or throw.
 */
public class EventStoreException extends RuntimeException {
    public EventStoreException(String message) {
        super(message);
    }

    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
