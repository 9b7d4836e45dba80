package dev.tributary.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Sparse index of one segment: relative offset → file position, one entry every {@code indexIntervalBytes} of log.
 *
 * <pre>
 * .index file: entries of 8 bytes, ascending
 * +-----------------------+-----------------------+
 * | relative offset int32 | file position int32   |
 * +-----------------------+-----------------------+
 * </pre>
 *
 * The active segment's index lives on the heap (bounded by segmentBytes / indexIntervalBytes entries); a sealed
 * segment's is written once and memory-mapped, so the heap does not grow with stored data. Derived data: never fsynced
 * or checksummed, rebuilt by scanning the segment when missing or invalid.
 *
 * <p>Thread-safe for one appending writer and many readers: entries are published by a volatile count after the
 * array that holds them. A lookup returns a lower bound; readers scan forward from it.
 */
final class OffsetIndex {
    private static final int ENTRY = 8;

    private volatile long[] entries; // (relOffset << 32) | position, active segments only
    private volatile int count;
    private final ByteBuffer mapped; // sealed segments only

    private OffsetIndex(long[] entries, int count, ByteBuffer mapped) {
        this.entries = entries;
        this.count = count;
        this.mapped = mapped;
    }

    static OffsetIndex empty() {
        return new OffsetIndex(new long[64], 0, null);
    }

    /** Writer only. */
    void append(int relOffset, int position) {
        long[] a = entries;
        int n = count;
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
            entries = a;
        }
        a[n] = ((long) relOffset << 32) | (position & 0xFFFFFFFFL);
        count = n + 1;
    }

    int count() {
        return count;
    }

    int relOffsetAt(int i) {
        return mapped != null ? mapped.getInt(i * ENTRY) : (int) (entries[i] >>> 32);
    }

    int positionAt(int i) {
        return mapped != null ? mapped.getInt(i * ENTRY + 4) : (int) entries[i];
    }

    /** The file position of the last entry at or before {@code relOffset}; 0 when there is none. */
    int floorPosition(int relOffset) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (relOffsetAt(mid) <= relOffset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : positionAt(found);
    }

    /** Writes the entries to {@code file} and returns a mapped index over it. */
    OffsetIndex seal(Path file) throws IOException {
        int n = count;
        ByteBuffer out = ByteBuffer.allocate(n * ENTRY);
        for (int i = 0; i < n; i++) {
            out.putInt(relOffsetAt(i)).putInt(positionAt(i));
        }
        IndexFiles.write(file, out.flip());
        return new OffsetIndex(null, n, IndexFiles.map(file));
    }

    /** Maps an existing file; null when it is missing, of a bad size, unordered or points beyond the log. */
    static OffsetIndex load(Path file, long logSize) throws IOException {
        if (!Files.exists(file) || Files.size(file) % ENTRY != 0) {
            return null;
        }
        MappedByteBuffer map = IndexFiles.map(file);
        int n = map.capacity() / ENTRY;
        long prevRel = -1;
        long prevPos = -1;
        for (int i = 0; i < n; i++) {
            long rel = map.getInt(i * ENTRY);
            long pos = map.getInt(i * ENTRY + 4) & 0xFFFFFFFFL;
            if (rel <= prevRel || pos <= prevPos || pos >= logSize) {
                return null;
            }
            prevRel = rel;
            prevPos = pos;
        }
        return new OffsetIndex(null, n, map);
    }

    static final class IndexFiles {
        private IndexFiles() {}

        static void write(Path file, ByteBuffer content) throws IOException {
            try (FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (content.hasRemaining()) {
                    ch.write(content);
                }
            }
        }

        static MappedByteBuffer map(Path file) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            }
        }
    }
}
