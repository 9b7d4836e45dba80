package dev.tributary.broker.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** A map of at most {@code capacity} entries that drops the least recently used first. Thread-safe (one lock). */
final class Lru<K, V> {
    private final LinkedHashMap<K, V> entries;

    Lru(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        return entries.get(key);
    }

    synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    synchronized void removeIf(Predicate<K> which) {
        entries.keySet().removeIf(which);
    }

    synchronized int size() {
        return entries.size();
    }
}
