package dev.tributary.broker.store;

/**
 * The metadata store could not do what was asked: the database is unreadable, full, locked past its timeout, or
 * failed a statement. The message names the store, the operation and the subscription concerned. Nothing the call
 * meant to write was written.
 */
public class MetadataException extends RuntimeException {
    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }

    public MetadataException(String message) {
        super(message);
    }
}
