package dev.tributary.log.internal;

import java.util.Arrays;

/**
 * The exact head of every stream of one partition: stream id → (last version, offset of the last event). Used for
 * expected-version checks and stream reads; a stream that is not here has version -1.
 *
 * <p>Memory: an open-addressing table (load ≤ 1/2) of a String reference and two longs per slot: about 40 bytes of
 * table plus the id String (about 56 bytes + its length for a Latin-1 id) per stream, so roughly 100 bytes + id length
 * per stream; 1,000,000 streams with 20-character ids take about 120 MB.
 *
 * <p>Thread-safe: the partition writer mutates it, readers look up; all access goes through the monitor, which the
 * writer takes once per group commit.
 */
final class StreamHeads {
    /** A head as seen by a reader. */
    record Head(long version, long offset) {
        static final Head NONE = new Head(-1, -1);
    }

    private String[] ids;
    private long[] versions;
    private long[] offsets;
    private int size;

    StreamHeads() {
        allocate(16);
    }

    private void allocate(int capacity) {
        ids = new String[capacity];
        versions = new long[capacity];
        offsets = new long[capacity];
    }

    private int slot(String id, int mask) {
        int h = id.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    synchronized Head get(String id) {
        int mask = ids.length - 1;
        for (int i = slot(id, mask); ; i = (i + 1) & mask) {
            String k = ids[i];
            if (k == null) {
                return Head.NONE;
            }
            if (k.equals(id)) {
                return new Head(versions[i], offsets[i]);
            }
        }
    }

    synchronized long version(String id) {
        return get(id).version();
    }

    synchronized void put(String id, long version, long offset) {
        int mask = ids.length - 1;
        for (int i = slot(id, mask); ; i = (i + 1) & mask) {
            String k = ids[i];
            if (k == null) {
                ids[i] = id;
                versions[i] = version;
                offsets[i] = offset;
                if (++size * 2 > ids.length) {
                    grow();
                }
                return;
            }
            if (k.equals(id)) {
                versions[i] = version;
                offsets[i] = offset;
                return;
            }
        }
    }

    private void grow() {
        String[] oldIds = ids;
        long[] oldVersions = versions;
        long[] oldOffsets = offsets;
        allocate(oldIds.length * 2);
        size = 0;
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != null) {
                put(oldIds[i], oldVersions[i], oldOffsets[i]);
            }
        }
    }

    synchronized int size() {
        return size;
    }

    synchronized void clear() {
        Arrays.fill(ids, null);
        size = 0;
    }

    /**
     * Visits every head (id, version, offset). Writer thread only: it is the only mutator, so it needs no lock and
     * readers are not held up while a snapshot is written.
     */
    void forEach(Entry visitor) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != null) {
                visitor.accept(ids[i], versions[i], offsets[i]);
            }
        }
    }

    @FunctionalInterface
    interface Entry {
        void accept(String id, long version, long offset);
    }

}
