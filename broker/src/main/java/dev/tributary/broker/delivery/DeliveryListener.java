package dev.tributary.broker.delivery;

import dev.tributary.core.delivery.Outcome;

/**
 * Told what the dispatchers do, per subscription: for metrics. Every method has a no-op default, so an implementation
 * overrides what it counts. Called from many threads at once (delivery and reader threads): implementations are
 * thread-safe, quick, and do not throw (a failure is logged and ignored).
 */
public interface DeliveryListener {
    DeliveryListener NONE = new DeliveryListener() {};

    /** An attempt delivered an event; {@code latencyNanos} is the attempt's duration. */
    default void delivered(String subscriptionId, long latencyNanos) {}

    /** An attempt failed: {@code kind} is anything but {@link Outcome.Kind#DELIVERED}. */
    default void failed(String subscriptionId, Outcome.Kind kind) {}

    /** A failed delivery was durably scheduled for another attempt. */
    default void retried(String subscriptionId) {}

    /**
     * An event went to the dead-letter bus; {@code reason} is the {@code deadletterreason} attribute ({@code rejected},
     * {@code exhausted}, {@code redirect-refused}, {@code refused}).
     */
    default void deadLettered(String subscriptionId, String reason) {}

    /** The subscription's circuit breaker changed state. */
    default void circuit(String subscriptionId, CircuitState state) {}

    /** {@code count} events were never delivered because retention deleted them first. */
    default void skipped(String subscriptionId, long count) {}

    /** The number of attempts under way changed by {@code delta} (+1 at send, -1 when its outcome is handled). */
    default void inFlight(String subscriptionId, int delta) {}

    /**
     * Measured at each commit: the events in the subscription's partitions past its committable offsets, and how long
     * ago the oldest of them was appended (0 when there is none).
     */
    default void lag(String subscriptionId, long events, double seconds) {}
}
