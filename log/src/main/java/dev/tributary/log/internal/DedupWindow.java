package dev.tributary.log.internal;

/**
 * The events of one partition accepted within the dedup window: a {@link LongLongMap} from the 64-bit hash of
 * {@code source + "\u0000" + id} to the offset, and a FIFO of (append time, hash, offset) that expires entries older
 * than the window. A hit is only a candidate: the writer reads the stored record and compares source and id exactly.
 * When two different events share a hash, the newer one replaces the older in the map (the older loses its dedup
 * protection; at 64 bits this is vanishingly rare).
 *
 * <p>Memory is bounded twice: by the window, and by {@link #MAX_EVENTS} entries per partition, the most recent ones
 * (about 100 bytes each with the map's spare slots: ~6.5 MiB per partition at most). Under a burst faster than
 * {@code MAX_EVENTS} per window the effective window is therefore shorter than configured: a retry is recognised if
 * it comes within the window and within the last {@code MAX_EVENTS} events of its partition. Without the cap, ingest
 * at 50,000 events/s with the default 2-minute window would hold 6,000,000 entries (~600 MB) on the heap.
 * The writer marks a savepoint before each group and rolls back to it when the group could not be written, so a
 * failed write leaves no dedup entries behind.
 *
 * <p>Not thread-safe: owned by the partition writer.
 */
final class DedupWindow {
    /** The most entries a partition keeps; older ones are dropped first. */
    static final int MAX_EVENTS = 1 << 16;

    private final long windowMillis;
    private final int maxEvents;
    private final LongLongMap offsets = new LongLongMap(16);
    // FIFO ring of (time, hash, offset)
    private long[] times = new long[16];
    private long[] hashes = new long[16];
    private long[] fifoOffsets = new long[16];
    private int head;
    private int size;
    // undo log for the current group: (hash, previous value)
    private final LongList undo = new LongList(16);

    DedupWindow(long windowMillis) {
        this(windowMillis, MAX_EVENTS);
    }

    DedupWindow(long windowMillis, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents < 1");
        }
        this.windowMillis = windowMillis;
        this.maxEvents = maxEvents;
    }

    boolean enabled() {
        return windowMillis > 0;
    }

    int size() {
        return offsets.size();
    }

    /** The offset of a candidate original, or -1. */
    long lookup(long hash) {
        return offsets.get(hash);
    }

    void record(long hash, long offset, long time) {
        long previous = offsets.put(hash, offset);
        undo.add(hash);
        undo.add(previous);
        if (size == times.length) {
            growFifo();
        }
        int tail = (head + size) & (times.length - 1);
        times[tail] = time;
        hashes[tail] = hash;
        fifoOffsets[tail] = offset;
        size++;
    }

    /** Drops the entries appended before {@code now - window}, and the oldest beyond {@code maxEvents}. */
    void expire(long now) {
        long cutoff = now - windowMillis;
        int mask = times.length - 1;
        while (size > 0 && (times[head] < cutoff || size > maxEvents)) {
            // only remove when the map still points at this entry (a newer event may have replaced it)
            if (offsets.get(hashes[head]) == fifoOffsets[head]) {
                offsets.remove(hashes[head]);
            }
            head = (head + 1) & mask;
            size--;
        }
        undo.clear();
    }

    /** Starts a savepoint (a new group). */
    void mark() {
        undo.clear();
    }

    int savepoint() {
        return undo.size();
    }

    /** Undoes every record() since {@link #mark()}. */
    void rollback() {
        rollbackTo(0);
    }

    /** Undoes every record() after the given {@link #savepoint()}. */
    void rollbackTo(int savepoint) {
        for (int i = undo.size() - 2; i >= savepoint; i -= 2) {
            long hash = undo.get(i);
            long previous = undo.get(i + 1);
            if (previous == LongLongMap.ABSENT) {
                offsets.remove(hash);
            } else {
                offsets.put(hash, previous);
            }
            size--;
        }
        undo.truncate(savepoint);
    }

    private void growFifo() {
        int n = times.length;
        long[] t = new long[n * 2];
        long[] h = new long[n * 2];
        long[] o = new long[n * 2];
        for (int i = 0; i < size; i++) {
            int j = (head + i) & (n - 1);
            t[i] = times[j];
            h[i] = hashes[j];
            o[i] = fifoOffsets[j];
        }
        times = t;
        hashes = h;
        fifoOffsets = o;
        head = 0;
    }

    @Override
    public String toString() {
        return "DedupWindow[" + size + " entries, " + windowMillis + " ms]";
    }
}
