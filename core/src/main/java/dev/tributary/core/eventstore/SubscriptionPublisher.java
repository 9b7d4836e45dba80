package dev.tributary.core.eventstore;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A catch-up subscription as a {@link Flow.Publisher} with back-pressure: each subscriber gets its own subscription,
 * from the same position, and the store delivers no more events than the subscriber requested. Waiting for demand
 * blocks the subscription's own thread (a virtual thread in both stores), which stops its reading: a slow subscriber
 * holds one event, not a backlog.
 *
 * <p>{@code onComplete} never comes (a catch-up subscription is live for ever); {@code onError} comes when the store
 * ends the subscription (closed, or the position no longer stored). Thread-safe, as {@link Flow} requires.
 */
final class SubscriptionPublisher implements Flow.Publisher<RecordedEvent> {
    private final EventStore store;
    private final Selection selection;
    private final long fromPosition;

    SubscriptionPublisher(EventStore store, Selection selection, long fromPosition) {
        this.store = store;
        this.selection = selection;
        this.fromPosition = fromPosition;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super RecordedEvent> subscriber) {
        Demand demand = new Demand(subscriber);
        subscriber.onSubscribe(demand);
        if (!demand.cancelled.get()) {
            demand.subscription = store.subscribe(selection, fromPosition, demand);
            if (demand.cancelled.get()) {
                demand.subscription.close();
            }
        }
    }

    /** One subscriber's demand, and the listener that waits for it. */
    private static final class Demand implements Flow.Subscription, SubscriptionListener {
        private final Flow.Subscriber<? super RecordedEvent> subscriber;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private volatile Subscription subscription;
        private long requested; // guarded by this

        Demand(Flow.Subscriber<? super RecordedEvent> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public synchronized void request(long n) {
            if (n <= 0) {
                cancel();
                subscriber.onError(new IllegalArgumentException("request(" + n + "): must be positive (rule 3.9)"));
                return;
            }
            requested = requested + n < 0 ? Long.MAX_VALUE : requested + n; // saturating
            notifyAll();
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                synchronized (this) {
                    notifyAll();
                }
                Subscription s = subscription;
                if (s != null) {
                    s.close();
                }
            }
        }

        @Override
        public void onEvent(RecordedEvent event) {
            synchronized (this) {
                while (requested == 0 && !cancelled.get()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        cancel();
                    }
                }
                if (cancelled.get()) {
                    return;
                }
                requested--;
            }
            subscriber.onNext(event);
        }

        @Override
        public void onClosed(Throwable error) {
            if (!cancelled.get()) {
                subscriber.onError(error != null ? error
                        : new EventStoreException("the subscription was closed by its store"));
            }
        }
    }
}
