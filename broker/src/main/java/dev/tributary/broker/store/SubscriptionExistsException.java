package dev.tributary.broker.store;

/** A subscription with the given id already exists. */
public class SubscriptionExistsException extends RuntimeException {
    public SubscriptionExistsException(String id) {
        super("subscription '" + id + "' already exists");
    }
}
