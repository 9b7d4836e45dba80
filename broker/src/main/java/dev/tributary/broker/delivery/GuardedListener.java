package dev.tributary.broker.delivery;

import dev.tributary.core.delivery.Outcome;

/** A {@link DeliveryListener} whose failures are logged and ignored, so that metrics never break a delivery. */
final class GuardedListener implements DeliveryListener {
    private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());

    private final DeliveryListener inner;

    private GuardedListener(DeliveryListener inner) {
        this.inner = inner;
    }

    static DeliveryListener of(DeliveryListener listener) {
        return listener instanceof GuardedListener ? listener : new GuardedListener(listener);
    }

    @Override
    public void delivered(String subscriptionId, long latencyNanos) {
        guard(subscriptionId, () -> inner.delivered(subscriptionId, latencyNanos));
    }

    @Override
    public void failed(String subscriptionId, Outcome.Kind kind) {
        guard(subscriptionId, () -> inner.failed(subscriptionId, kind));
    }

    @Override
    public void retried(String subscriptionId) {
        guard(subscriptionId, () -> inner.retried(subscriptionId));
    }

    @Override
    public void deadLettered(String subscriptionId, String reason) {
        guard(subscriptionId, () -> inner.deadLettered(subscriptionId, reason));
    }

    @Override
    public void circuit(String subscriptionId, CircuitState state) {
        guard(subscriptionId, () -> inner.circuit(subscriptionId, state));
    }

    @Override
    public void skipped(String subscriptionId, long count) {
        guard(subscriptionId, () -> inner.skipped(subscriptionId, count));
    }

    @Override
    public void inFlight(String subscriptionId, int delta) {
        guard(subscriptionId, () -> inner.inFlight(subscriptionId, delta));
    }

    @Override
    public void lag(String subscriptionId, long events, double seconds) {
        guard(subscriptionId, () -> inner.lag(subscriptionId, events, seconds));
    }

    private static void guard(String subscriptionId, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "subscription '" + subscriptionId + "': the delivery listener failed", e);
        }
    }
}
