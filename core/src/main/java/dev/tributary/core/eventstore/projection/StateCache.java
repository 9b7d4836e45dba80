package dev.tributary.core.eventstore.projection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The committed states of the keys a runner touched last, so that a batch reads from the database only the keys it
 * has not seen lately; a key known to have no state is cached too. Bounded (least recently used out). Holds only what
 * is committed: a runner clears it whenever a batch fails, since a failed {@code apply} may have changed a cached
 * state in place. Not thread-safe: owned by the runner's thread.
 */
final class StateCache<S> {
    /** A key known to have no stored state. */
    static final Object ABSENT = new Object();

    private final int capacity;
    private final LinkedHashMap<String, Object> entries;

    StateCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > StateCache.this.capacity;
            }
        };
    }

    /** The cached state of {@code key}, {@link #ABSENT}, or null when the cache does not know. */
    Object peek(String key) {
        return capacity == 0 ? null : entries.get(key);
    }

    /** What a committed batch left: each changed key's state, or none for a deleted one. */
    void commit(Map<String, Batch.Change<S>> changes) {
        if (capacity == 0) {
            return;
        }
        for (Map.Entry<String, Batch.Change<S>> change : changes.entrySet()) {
            S state = change.getValue().state();
            entries.put(change.getKey(), state == null ? ABSENT : state);
        }
    }

    void clear() {
        entries.clear();
    }
}
