package dev.tributary.core.eventstore;

/**
 * The store could not take the call now: its disk refused a write, or too much is queued. Nothing of the call was
 * done unless the message says otherwise; retrying later is safe (appends are idempotent by event id).
 */
public class StoreUnavailableException extends EventStoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
