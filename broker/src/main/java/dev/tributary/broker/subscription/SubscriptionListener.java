package dev.tributary.broker.subscription;

/**
 * Told about changes to subscriptions, on the thread that makes them; the dispatchers use it to start, stop and
 * reconfigure. Implementations must be quick and must not throw (a failure is logged and ignored).
 */
public interface SubscriptionListener {
    /** After a subscription was created, updated, paused, resumed, reset or deleted. */
    void changed(String id);

    /**
     * Before a reset moves a subscription's offsets: whoever delivers it must stop committing (and finish) first, or
     * a commit of its old progress could land after the reset.
     */
    default void resetting(String id) {}
}
