package dev.tributary.core.eventstore;

/**
 * Receives a catch-up subscription's events and signals, one call at a time, in order, on the subscription's own
 * thread (a slow listener slows only its subscription; the store reads ahead by at most one page).
 *
 * <p>A subscription first reads history, then turns into live delivery without a gap or a duplicate at the switch.
 * The positions it reports are checkpoints: store one, and a later subscription from it continues right after.
 */
public interface SubscriptionListener {

    /** The next event. A listener that throws closes the subscription with that error ({@link #onClosed}). */
    void onEvent(RecordedEvent event);

    /**
     * Reading caught up with the end: events from here on are delivered as they are appended. {@code checkpoint}
     * is where a new subscription would continue (the position or version after the last event delivered).
     */
    default void onCaughtUp(long checkpoint) {}

    /**
     * A filtered subscription (a category, a type) read past positions of which none matched: {@code checkpoint} is
     * where a new subscription would continue, so a subscriber that stores it does not read the stretch again.
     */
    default void onCheckpoint(long checkpoint) {}

    /** After catching up, the subscription fell more than its threshold behind the end, and reads history again. */
    default void onFellBehind(long checkpoint) {}

    /**
     * The subscription ended: closed by the caller ({@code error} null), by its listener's exception, or by the store
     * (closed, or the position no longer stored).
     */
    default void onClosed(Throwable error) {}
}
