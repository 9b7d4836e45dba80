package dev.tributary.broker.delivery;

import dev.tributary.broker.subscription.DeliveryPolicy;
import dev.tributary.core.delivery.BackoffPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * A subscription's circuit breaker (see {@link CircuitState} for the diagram): after {@code failures} failed attempts
 * in a row the sink is left alone until a probe delay from the policy's {@code probe} back-off has passed (growing with
 * each failed probe); then exactly one attempt goes out, and its outcome closes or reopens the circuit.
 *
 * <p>A failure is an attempt the sink could not take ({@link dev.tributary.core.delivery.Outcome.Kind#RETRY}:
 * network errors, timeouts, 408, 429, 5xx). Any answer that proves the sink is there (2xx, 4xx, 3xx, 410) is a
 * success. Time comes from the injected clock. Thread-safe.
 */
final class CircuitBreaker {
    private final String subscriptionId;
    private final int threshold;
    private final BackoffPolicy probe;
    private final Clock clock;
    private final DoubleSupplier random;
    private final DeliveryListener listener;

    private CircuitState state = CircuitState.CLOSED;
    private int failuresInARow;
    private int failedProbes;
    private Instant probeAt = Instant.MIN;

    CircuitBreaker(String subscriptionId, DeliveryPolicy.CircuitBreaker policy, Clock clock, DoubleSupplier random,
            DeliveryListener listener) {
        this.subscriptionId = subscriptionId;
        this.threshold = policy.failures();
        this.probe = policy.probe();
        this.clock = clock;
        this.random = random;
        this.listener = listener;
    }

    /**
     * Whether an attempt may start now. In {@link CircuitState#OPEN}, once the probe delay has passed, the first caller
     * is let through as the probe and the circuit is {@link CircuitState#HALF_OPEN} until its outcome is
     * {@linkplain #record recorded}. A caller let through must make the attempt and record it.
     */
    boolean admit() {
        synchronized (this) {
            switch (state) {
                case CLOSED:
                    return true;
                case HALF_OPEN:
                    return false;
                default:
                    if (clock.instant().isBefore(probeAt)) {
                        return false;
                    }
                    state = CircuitState.HALF_OPEN;
            }
        }
        tell(CircuitState.HALF_OPEN);
        return true;
    }

    /** Waits (polling the clock) until {@link #admit} might let an attempt through, or until stopped. */
    void awaitChance(Running running) {
        while (running.on() && !mightAdmit()) {
            LockSupport.parkNanos(this, Running.SLICE_NANOS);
        }
    }

    /** The outcome of an attempt: whether the sink answered (anything but a retryable failure). */
    void record(boolean sinkAnswered) {
        CircuitState changed = null;
        synchronized (this) {
            if (sinkAnswered) {
                failuresInARow = 0;
                failedProbes = 0;
                if (state != CircuitState.CLOSED) {
                    state = changed = CircuitState.CLOSED;
                }
            } else {
                failuresInARow++;
                if (state == CircuitState.HALF_OPEN || (state == CircuitState.CLOSED && failuresInARow >= threshold)) {
                    failedProbes++;
                    Duration delay = probe.delayBefore(failedProbes, random.getAsDouble());
                    probeAt = clock.instant().plus(delay);
                    state = changed = CircuitState.OPEN;
                }
            }
        }
        if (changed != null) {
            tell(changed);
        }
    }

    synchronized CircuitState state() {
        return state;
    }

    private synchronized boolean mightAdmit() {
        return state == CircuitState.CLOSED || (state == CircuitState.OPEN && !clock.instant().isBefore(probeAt));
    }

    private void tell(CircuitState now) {
        listener.circuit(subscriptionId, now);
    }
}
