package dev.tributary.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEventData;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The parsed JSON data of the events filtered most recently, found by the identity of their data. A bus partition is
 * read once for all its subscriptions, so every subscription's filter sees the same decoded event: with this, its data
 * is parsed once instead of once per subscription with a {@code data.} filter.
 *
 * <p>A fixed table of {@value #SLOTS} slots indexed by identity hash; a newer entry replaces whatever held its slot,
 * so memory is bounded (the trees of at most {@value #SLOTS} events) and a miss only costs a parse. Entries are
 * immutable and JSON trees are only read, so sharing them between threads is safe. Thread-safe without locks.
 */
final class RecentData {
    static final int SLOTS = 1024;
    private static final AtomicReferenceArray<Entry> TABLE = new AtomicReferenceArray<>(SLOTS);

    /** The data as parsed: a tree, or null with the reason it is not one ({@code error} null: no JSON data). */
    record Entry(CloudEventData data, JsonNode json, String error) {}

    private RecentData() {}

    static Entry get(CloudEventData data) {
        Entry e = TABLE.get(slot(data));
        return e != null && e.data() == data ? e : null;
    }

    static void put(Entry entry) {
        TABLE.set(slot(entry.data()), entry);
    }

    private static int slot(CloudEventData data) {
        int h = System.identityHashCode(data);
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
