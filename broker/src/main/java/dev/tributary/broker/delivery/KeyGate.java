package dev.tributary.broker.delivery;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Per-key order in one partition of an {@code ordered} subscription: an event goes out only when no earlier event of
 * its key is under way or waiting in the retry schedule. Events of other keys go out concurrently (up to max
 * in-flight). Holds the keys under way (at most max in-flight) and the keys with a pending retry (loaded from the store
 * at start, then kept up to date by the dispatcher). Events without a key are not ordered. Thread-safe.
 *
 * <p>A key with a pending retry never blocks the reader: its later events are <em>parked</em> in the retry schedule
 * behind it ({@link dev.tributary.broker.store.Retry#PARKED}), and when the retry is resolved the first parked one
 * becomes due ({@link #resolved}), then the next, in offset order. Parking and resolving run under one lock, so an
 * event is never parked behind a retry that has just been resolved (it would wait forever). The reader does wait for
 * an earlier event of its key that is under way (one attempt, at most its timeout): the attempt may still succeed,
 * and parking every event of a busy key would send a hot key's traffic through the store.
 *
 * <p>Since no later event of a key starts while the key is busy, a key has at most one retry that is not parked, and
 * a retry never overtakes an earlier event of its key.
 */
final class KeyGate {
    /** What became of an event at the gate. */
    enum Turn {
        /** The key is free: send the event now (and {@link #begin} it). */
        GO,
        /** Parked behind the key's pending retry: the retry schedule owns it now. */
        PARKED,
        /** The dispatcher stopped first. */
        STOPPED
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Integer> underWay = new HashMap<>();
    private final Set<String> retrying;

    KeyGate(Set<String> retrying) {
        this.retrying = new HashSet<>(retrying);
    }

    /**
     * Waits while an earlier event of {@code key} is under way; then parks the event with {@code park} (a durable write,
     * which must not give up while the dispatcher runs) if the key has a pending retry, or lets it go.
     */
    Turn awaitTurn(String key, Running running, Runnable park) {
        while (running.on()) {
            lock.lock();
            try {
                if (retrying.contains(key)) {
                    park.run();
                    return running.on() ? Turn.PARKED : Turn.STOPPED;
                }
                if (!underWay.containsKey(key)) {
                    return Turn.GO;
                }
            } finally {
                lock.unlock();
            }
            LockSupport.parkNanos(this, Running.SLICE_NANOS);
        }
        return Turn.STOPPED;
    }

    void begin(String key) {
        lock.lock();
        try {
            underWay.merge(key, 1, Integer::sum);
        } finally {
            lock.unlock();
        }
    }

    void end(String key) {
        lock.lock();
        try {
            underWay.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        } finally {
            lock.unlock();
        }
    }

    /** An event of {@code key} was durably scheduled for retry: later events of the key are parked behind it. */
    void retrying(String key) {
        lock.lock();
        try {
            retrying.add(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The key's pending retry was resolved: {@code handOn} removes it and makes the key's first parked event due,
     * answering whether there was one; if there was none the key is free.
     */
    void resolved(String key, BooleanSupplier handOn) {
        lock.lock();
        try {
            if (!handOn.getAsBoolean()) {
                retrying.remove(key);
            }
        } finally {
            lock.unlock();
        }
    }
}
