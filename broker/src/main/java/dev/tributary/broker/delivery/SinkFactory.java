package dev.tributary.broker.delivery;

import dev.tributary.broker.subscription.SubscriptionSpec;

/**
 * Opens the {@link Sink} of a subscription from its definition. The node supplies one that knows HTTP(S) sinks
 * (Vert.x, in {@code server}); the broker itself handles {@code bus:} sinks. Thread-safe.
 */
@FunctionalInterface
public interface SinkFactory {
    /**
     * @throws IllegalArgumentException if this factory cannot deliver to the subscription's kind of sink
     */
    Sink open(SubscriptionSpec subscription);
}
