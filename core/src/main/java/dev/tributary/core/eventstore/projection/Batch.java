package dev.tributary.core.eventstore.projection;

import dev.tributary.core.eventstore.RecordedEvent;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds one batch of events into the states they touch, in memory: each key's state is read once (from the cache, or
 * in one fetch for all the keys the cache lacks), every event applied in order, and each changed state encoded once
 * at the end. Nothing is written here; the runner writes the outcome with the checkpoint in one transaction.
 *
 * <p>A careful fold encodes after every event instead, so that when one fails it knows exactly which, and has the
 * encoded states from just before it (a failing {@code apply} may have changed its state in place). The runner folds
 * carefully only after a plain fold failed. Stateless; user code's exceptions are caught and reported in the outcome,
 * the database's are thrown.
 */
final class Batch {
    private Batch() {}

    /** Reads the stored states of keys; keys without one are left out. */
    interface Fetcher {
        Map<String, byte[]> fetch(Collection<String> keys) throws SQLException;
    }

    /**
     * A key's new state: {@code bytes} null deletes it.
     *
     * @param state the state (null when deleted); for the cache
     * @param bytes its encoding, or null when deleted
     * @param position the global position of the last event that changed it
     */
    record Change<S>(S state, byte[] bytes, long position) {}

    /**
     * What a fold gave: the changes of the events it applied; when one failed, its index (-1 when a plain fold
     * cannot tell which event it was), what it was doing, and the exception.
     */
    record Outcome<S>(Map<String, Change<S>> changes, int failedAt, String stage, RuntimeException failure) {
        boolean ok() {
            return failure == null;
        }
    }

    static <S> Outcome<S> fold(Projection<S> projection, List<RecordedEvent> events, StateCache<S> cache,
            Fetcher fetcher, boolean careful) throws SQLException {
        int n = events.size();
        String[] keys = new String[n];
        int limit = n;
        RuntimeException failure = null;
        String stage = null;
        for (int i = 0; i < n; i++) {
            try {
                keys[i] = ProjectionChecks.requireKey(projection.keyOf(events.get(i)));
            } catch (RuntimeException e) {
                limit = i;
                failure = e;
                stage = "keyOf";
                break;
            }
        }
        Set<String> misses = new LinkedHashSet<>();
        for (int i = 0; i < limit; i++) {
            if (keys[i] != null && cache.peek(keys[i]) == null) {
                misses.add(keys[i]);
            }
        }
        Map<String, byte[]> fetched = misses.isEmpty() ? Map.of() : fetcher.fetch(misses);

        Map<String, Working<S>> working = new LinkedHashMap<>();
        Step step = new Step();
        for (int i = 0; i < limit; i++) {
            String key = keys[i];
            if (key == null) {
                continue;
            }
            RecordedEvent event = events.get(i);
            try {
                step.stage = "reading its state";
                Working<S> w = working.get(key);
                S state = w != null ? w.state : cached(projection, cache, fetched, key, step);
                if (state == null) {
                    step.stage = "initialState";
                    state = projection.initialState(key);
                }
                step.stage = "apply";
                S next = projection.apply(state, event);
                byte[] bytes = null;
                if (careful && next != null) {
                    step.stage = "encoding its new state";
                    bytes = projection.codec().encode(next);
                }
                working.put(key, new Working<>(next, bytes, event.position()));
            } catch (RuntimeException e) {
                return new Outcome<>(changes(working), i, step.stage, e);
            }
        }
        if (failure != null) {
            return new Outcome<>(changes(working), limit, stage, failure);
        }
        if (!careful) {
            for (Map.Entry<String, Working<S>> w : working.entrySet()) {
                S state = w.getValue().state;
                try {
                    w.getValue().bytes = state == null ? null : projection.codec().encode(state);
                } catch (RuntimeException e) {
                    return new Outcome<>(Map.of(), -1, "encoding the new state of " + ProjectionChecks.show(
                            w.getKey()), e);
                }
            }
        }
        return new Outcome<>(changes(working), -1, null, null);
    }

    @SuppressWarnings("unchecked")
    private static <S> S cached(Projection<S> projection, StateCache<S> cache, Map<String, byte[]> fetched,
            String key, Step step) {
        Object c = cache.peek(key);
        if (c == StateCache.ABSENT) {
            return null;
        }
        if (c != null) {
            return (S) c;
        }
        byte[] stored = fetched.get(key);
        if (stored == null) {
            return null;
        }
        step.stage = "decoding its stored state";
        return projection.codec().decode(stored);
    }

    private static <S> Map<String, Change<S>> changes(Map<String, Working<S>> working) {
        Map<String, Change<S>> changes = new HashMap<>(working.size() * 2);
        for (Map.Entry<String, Working<S>> w : working.entrySet()) {
            Working<S> v = w.getValue();
            changes.put(w.getKey(), new Change<>(v.state, v.state == null ? null : v.bytes, v.position));
        }
        return changes;
    }

    /** A key's state within the batch. */
    private static final class Working<S> {
        final S state;
        byte[] bytes;
        final long position;

        Working(S state, byte[] bytes, long position) {
            this.state = state;
            this.bytes = bytes;
            this.position = position;
        }
    }

    /** What the fold was doing when user code threw. */
    private static final class Step {
        String stage;
    }
}
