package dev.tributary.broker.delivery;

import dev.tributary.broker.subscription.DeliveryPolicy;
import dev.tributary.core.delivery.BackoffPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
 *
 * <p>The circuit opens only after {@code failures} in a row that also span at least the policy's {@code failingFor}
 * (default 5 s): a burst
 * of in-flight attempts failing together (ten events sent at once to a sink that just went down, each failing with
 * its retries) is one moment of trouble, not proof of a dead sink, and opening then would only delay the retries that
 * may well succeed. A probe answered with {@code Retry-After} (429, 503) sets the next probe at that time, capped by
 * the policy's {@code maxRetryAfter}, instead of the probe back-off.
 */
final class CircuitBreaker {
    private final String subscriptionId;
    private final int threshold;
    private final BackoffPolicy probe;
    private final Clock clock;
    private final DoubleSupplier random;
    private final DeliveryListener listener;
    private final Duration maxRetryAfter;
    private final Runnable onClosed;

    private CircuitState state = CircuitState.CLOSED;
    private int failuresInARow;
    private int failedProbes;
    private Instant probeAt = Instant.MIN;
    private Instant firstFailureAt = Instant.MIN;
    private Instant openedAt;
    private final Duration failingFor;

    CircuitBreaker(String subscriptionId, DeliveryPolicy.CircuitBreaker policy, Duration maxRetryAfter, Clock clock,
            DoubleSupplier random, DeliveryListener listener, Runnable onClosed) {
        this.subscriptionId = subscriptionId;
        this.maxRetryAfter = maxRetryAfter;
        this.onClosed = onClosed;
        this.threshold = policy.failures();
        this.failingFor = policy.failingFor();
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
        record(sinkAnswered, Optional.empty());
    }

    /**
     * The outcome of an attempt: whether the sink answered (anything but a retryable failure), and the
     * {@code Retry-After} it asked for, if any.
     */
    void record(boolean sinkAnswered, Optional<Duration> retryAfter) {
        CircuitState changed = null;
        synchronized (this) {
            Instant now = clock.instant();
            if (sinkAnswered) {
                failuresInARow = 0;
                failedProbes = 0;
                openedAt = null;
                if (state != CircuitState.CLOSED) {
                    state = changed = CircuitState.CLOSED;
                }
            } else {
                if (failuresInARow++ == 0) {
                    firstFailureAt = now;
                }
                boolean sustained = failuresInARow >= threshold
                        && !now.isBefore(firstFailureAt.plus(failingFor));
                if (state == CircuitState.HALF_OPEN || (state == CircuitState.CLOSED && sustained)) {
                    failedProbes++;
                    Duration delay = retryAfter
                            .map(asked -> asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked)
                            .orElseGet(() -> probe.delayBefore(failedProbes, random.getAsDouble()));
                    probeAt = now.plus(delay);
                    openedAt = openedAt == null ? now : openedAt;
                    state = changed = CircuitState.OPEN;
                }
            }
        }
        if (changed != null) {
            tell(changed);
            if (changed == CircuitState.CLOSED) {
                onClosed.run();
            }
        }
    }

    synchronized CircuitState state() {
        return state;
    }

    /** What the subscription's API shows of the circuit. */
    synchronized CircuitView view() {
        return new CircuitView(state, failuresInARow,
                state == CircuitState.OPEN ? Optional.of(probeAt) : Optional.empty(), Optional.ofNullable(openedAt));
    }

    private synchronized boolean mightAdmit() {
        return state == CircuitState.CLOSED || (state == CircuitState.OPEN && !clock.instant().isBefore(probeAt));
    }

    private void tell(CircuitState now) {
        listener.circuit(subscriptionId, now);
    }
}
