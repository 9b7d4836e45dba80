package dev.tributary.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Sparse index of one segment: append time → relative offset, one entry beside each offset-index entry, plus a last
 * entry for the segment's newest record when it is sealed (so the newest append time of a sealed segment is its last
 * entry, as in Kafka).
 *
 * <pre>
 * .timeindex file: entries of 12 bytes, times non-decreasing
 * +--------------------------+-----------------------+
 * | append time ms int64     | relative offset int32 |
 * +--------------------------+-----------------------+
 * </pre>
 *
 * Derived data: never fsynced or checksummed, rebuilt when missing or invalid. The active segment's entries live on
 * the heap, a sealed segment's are memory-mapped.
 *
 * <p>Thread-safe for one appending writer and many readers (volatile count published after the arrays).
 */
final class TimeIndex {
    private static final int ENTRY = 12;

    private volatile long[] times;
    private volatile int[] offsets;
    private volatile int count;
    private final ByteBuffer mapped;

    private TimeIndex(long[] times, int[] offsets, int count, ByteBuffer mapped) {
        this.times = times;
        this.offsets = offsets;
        this.count = count;
        this.mapped = mapped;
    }

    static TimeIndex empty() {
        return new TimeIndex(new long[64], new int[64], 0, null);
    }

    /** Writer only. */
    void append(long time, int relOffset) {
        int n = count;
        long[] t = times;
        int[] o = offsets;
        if (n == t.length) {
            t = Arrays.copyOf(t, n * 2);
            o = Arrays.copyOf(o, n * 2);
            times = t;
            offsets = o;
        }
        t[n] = time;
        o[n] = relOffset;
        count = n + 1;
    }

    int count() {
        return count;
    }

    long timeAt(int i) {
        return mapped != null ? mapped.getLong(i * ENTRY) : times[i];
    }

    int relOffsetAt(int i) {
        return mapped != null ? mapped.getInt(i * ENTRY + 8) : offsets[i];
    }

    /** The newest time indexed, or -1. */
    long lastTime() {
        int n = count;
        return n == 0 ? -1 : timeAt(n - 1);
    }

    /**
     * The relative offset of the last entry whose time is before {@code time}: every record before it is older, so a
     * search for the first record at or after {@code time} may start there. 0 when there is none.
     */
    int startFor(long time) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (timeAt(mid) < time) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : relOffsetAt(found);
    }

    /** Adds the final entry for the newest record (if not already last) and writes and maps the file. */
    TimeIndex seal(Path file, long newestTime, int newestRelOffset) throws IOException {
        int n = count;
        boolean addLast = newestTime >= 0 && (n == 0 || relOffsetAt(n - 1) != newestRelOffset);
        ByteBuffer out = ByteBuffer.allocate((n + (addLast ? 1 : 0)) * ENTRY);
        for (int i = 0; i < n; i++) {
            out.putLong(timeAt(i)).putInt(relOffsetAt(i));
        }
        if (addLast) {
            out.putLong(newestTime).putInt(newestRelOffset);
        }
        OffsetIndex.IndexFiles.write(file, out.flip());
        MappedByteBuffer map = OffsetIndex.IndexFiles.map(file);
        return new TimeIndex(null, null, map.capacity() / ENTRY, map);
    }

    /**
     * Maps an existing file; null when missing, of a bad size, unordered or pointing past {@code lastRelOffset} (the
     * segment's last record), or when it does not end with that record.
     */
    static TimeIndex load(Path file, int lastRelOffset) throws IOException {
        if (!Files.exists(file) || Files.size(file) % ENTRY != 0) {
            return null;
        }
        MappedByteBuffer map = OffsetIndex.IndexFiles.map(file);
        int n = map.capacity() / ENTRY;
        long prevTime = Long.MIN_VALUE;
        long prevRel = -1;
        for (int i = 0; i < n; i++) {
            long t = map.getLong(i * ENTRY);
            int rel = map.getInt(i * ENTRY + 8);
            if (t < prevTime || rel <= prevRel || rel > lastRelOffset) {
                return null;
            }
            prevTime = t;
            prevRel = rel;
        }
        if (lastRelOffset >= 0 && prevRel != lastRelOffset) {
            return null;
        }
        return new TimeIndex(null, null, n, map);
    }
}
