package dev.tributary.log.internal;

import dev.tributary.log.AllReadBatch;
import dev.tributary.log.IndexKey;
import dev.tributary.log.LogConfig;
import dev.tributary.log.StoredEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One read of a category or an event type of a bus, in its global order: looks the positions up in the order's
 * {@link KeyIndex} and reads each event from its partition (through an {@link AllReader}, whose open scanners make
 * nearby events one pass).
 *
 * <p>Not thread-safe: one per read. Bounded like a read of the order: at most {@code maxEvents} events, about
 * {@code maxBytes}, and at most {@link AllReader#MAX_ENTRIES} index entries looked at, so a read that finds nothing
 * for a long stretch still returns, with a {@code nextPosition} past what it looked at (a checkpoint).
 */
final class IndexReader {
    private static final int CHUNK = 256;

    private final String bus;
    private final LogConfig config;
    private final GlobalOrder order;
    private final AllReader events;

    IndexReader(String bus, LogConfig config, Partition[] partitions, GlobalOrder order) {
        this.bus = bus;
        this.config = config;
        this.order = order;
        this.events = new AllReader(bus, partitions, order);
    }

    AllReadBatch read(IndexKey key, long from, boolean forward, int maxEvents, long maxBytes) {
        long end = order.end();
        long first = order.first();
        long start = AllReader.start(bus, from, forward, maxEvents, maxBytes, first, end);
        if (maxEvents == 0 || (forward ? start >= end : start < first)) {
            return new AllReadBatch(List.of(), forward ? start : -1, first, end);
        }
        try {
            return read(KeyIndex.hash(key), key, start, forward, first, end, maxEvents, maxBytes);
        } finally {
            events.release();
        }
    }

    private AllReadBatch read(long hash, IndexKey key, long start, boolean forward, long first, long end,
            int maxEvents, long maxBytes) {
        List<StoredEvent> out = new ArrayList<>(Math.min(maxEvents, 1024));
        LongList positions = new LongList(CHUNK);
        LongList locators = new LongList(CHUNK);
        long bytes = 0;
        long lo = forward ? start : first;
        long hi = forward ? end - 1 : start;
        for (int looked = 0; looked < AllReader.MAX_ENTRIES; ) {
            positions.clear();
            locators.clear();
            int n = order.keyIndex().collect(hash, lo, hi, forward, CHUNK, positions, locators);
            for (int i = 0; i < n; i++, looked++) {
                StoredEvent e = eventAt(positions.get(i), locators.get(i), key);
                if (e == null) {
                    continue;
                }
                long size = AllReader.approximateSize(e);
                if (out.size() == maxEvents || (!out.isEmpty() && bytes + size > maxBytes)) {
                    return new AllReadBatch(List.copyOf(out), positions.get(i), first, end);
                }
                out.add(e);
                bytes += size;
            }
            if (n < CHUNK) {
                // nothing more: a forward read goes on from the end, even when it found nothing (a checkpoint)
                return new AllReadBatch(List.copyOf(out), forward ? end : -1, first, end);
            }
            long last = positions.get(n - 1);
            lo = forward ? last + 1 : lo;
            hi = forward ? hi : last - 1;
        }
        return new AllReadBatch(List.copyOf(out), forward ? lo : (hi < first ? -1 : hi), first, end);
    }

    /**
     * The event an entry names, or null when retention deleted it, its stream's metadata hides it, or it is another
     * key's (a hash collision).
     */
    private StoredEvent eventAt(long position, long locator, IndexKey key) {
        int partition = KeyIndex.partitionOf(locator);
        long offset = KeyIndex.offsetOf(locator);
        if (!order.alive(partition, offset, 1)) {
            return null;
        }
        StoredEvent e = events.readAt(partition, offset, position);
        return e != null && key.selects(e, config) ? e : null;
    }
}
