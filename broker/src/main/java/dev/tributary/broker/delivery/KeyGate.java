package dev.tributary.broker.delivery;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Per-key order in one partition of an {@code ordered} subscription: an event may go out only while no earlier event
 * of its key is under way or waiting in the retry schedule. Events of other keys go out concurrently (up to max
 * in-flight). Holds the keys under way (at most max in-flight) and the keys with a pending retry (loaded from the store
 * at start, then kept up to date by the dispatcher). Events without a key are not ordered. Thread-safe.
 *
 * <p>Since no later event of a key starts while the key is busy, a key has at most one pending retry, and a retry
 * never overtakes an earlier event of its key.
 *
 * <p>Limitation: the partition's reader waits here in offset order, so while it waits for a busy key the events
 * behind it wait too, whatever their key (head of line), until the earlier event of that key is delivered or
 * dead-lettered. Parking the waiting event in the retry schedule behind its key instead needs a "first pending retry
 * of this key" lookup that the retry store does not offer yet.
 */
final class KeyGate {
    private final Map<String, Integer> underWay = new HashMap<>();
    private final Set<String> retrying;

    KeyGate(Set<String> retrying) {
        this.retrying = new HashSet<>(retrying);
    }

    /** Waits until {@code key} is free; false if stopped first. */
    boolean awaitFree(String key, Running running) {
        while (running.on()) {
            if (!busy(key)) {
                return true;
            }
            LockSupport.parkNanos(this, Running.SLICE_NANOS);
        }
        return false;
    }

    synchronized boolean busy(String key) {
        return underWay.containsKey(key) || retrying.contains(key);
    }

    synchronized void begin(String key) {
        underWay.merge(key, 1, Integer::sum);
    }

    synchronized void end(String key) {
        underWay.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
    }

    /** An event of {@code key} was durably scheduled for retry: later events of the key wait for it. */
    synchronized void retrying(String key) {
        retrying.add(key);
    }

    /** The key has no pending retry any more (as the store says). */
    synchronized void retried(String key) {
        retrying.remove(key);
    }
}
