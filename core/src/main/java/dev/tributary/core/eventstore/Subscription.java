package dev.tributary.core.eventstore;

/** A running catch-up subscription. Thread-safe. */
public interface Subscription extends AutoCloseable {

    /** Where the subscription would continue: the position (or stream version) after the last event delivered. */
    long checkpoint();

    /** Stops delivery; the listener's {@code onClosed(null)} follows (at once if no event is being delivered). */
    @Override
    void close();
}
