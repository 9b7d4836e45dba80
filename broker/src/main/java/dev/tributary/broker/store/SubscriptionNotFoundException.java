package dev.tributary.broker.store;

/** No subscription has the given id (it was never created, or it was deleted). */
public class SubscriptionNotFoundException extends RuntimeException {
    public SubscriptionNotFoundException(String id) {
        super("subscription '" + id + "' does not exist");
    }
}
