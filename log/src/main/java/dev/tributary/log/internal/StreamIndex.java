package dev.tributary.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Which records of one segment belong to which stream, so a stream read never scans the partition.
 *
 * <pre>
 * .streamindex file (sealed segments): entries of 24 bytes sorted by (stream hash, version), signed comparison
 * +---------------------+---------------------+---------------------+
 * | stream hash int64   | version int64       | offset int64        |
 * +---------------------+---------------------+---------------------+
 * </pre>
 *
 * The hash is {@link Hash64#of(String)} of the stream id; colliding streams share entries, so readers check the stream
 * id of every record they read. The active segment keeps the entries on the heap in append order, chained per hash
 * (a {@link LongLongMap} from hash to the newest entry, and a back-link per entry), 28 bytes per entry plus the map.
 * Derived data: written when the segment is sealed, rebuilt by scanning it when missing or of a bad size; never
 * fsynced or checksummed.
 *
 * <p>Thread-safe: the active form is guarded by its monitor (one writer adds after each commit, readers look up); the
 * sealed form is immutable.
 */
final class StreamIndex {
    private static final int ENTRY = 24;

    // active form
    private long[] hashes;
    private long[] versions;
    private long[] offsets;
    private int[] previous;
    private LongLongMap newest;
    private int count;
    // sealed form
    private final ByteBuffer mapped;

    private StreamIndex(ByteBuffer mapped) {
        this.mapped = mapped;
        if (mapped == null) {
            hashes = new long[64];
            versions = new long[64];
            offsets = new long[64];
            previous = new int[64];
            newest = new LongLongMap(64);
        } else {
            count = mapped.capacity() / ENTRY;
        }
    }

    static StreamIndex empty() {
        return new StreamIndex(null);
    }

    synchronized void add(long hash, long version, long offset) {
        if (mapped != null) {
            throw new IllegalStateException("sealed stream index");
        }
        if (count == hashes.length) {
            int n = count * 2;
            hashes = Arrays.copyOf(hashes, n);
            versions = Arrays.copyOf(versions, n);
            offsets = Arrays.copyOf(offsets, n);
            previous = Arrays.copyOf(previous, n);
        }
        hashes[count] = hash;
        versions[count] = version;
        offsets[count] = offset;
        previous[count] = (int) newest.put(hash, count);
        count++;
    }

    synchronized int count() {
        return count;
    }

    /** Appends to {@code out} the offsets of entries for {@code hash} with a version within [lo, hi]. */
    void collect(long hash, long lo, long hi, LongList out) {
        if (mapped == null) {
            synchronized (this) {
                for (int i = (int) newest.get(hash); i >= 0; i = previous[i]) {
                    if (versions[i] >= lo && versions[i] <= hi && hashes[i] == hash) {
                        out.add(offsets[i]);
                    }
                }
            }
            return;
        }
        // first entry >= (hash, lo)
        int a = 0;
        int b = count;
        while (a < b) {
            int mid = (a + b) >>> 1;
            long h = mapped.getLong(mid * ENTRY);
            long v = mapped.getLong(mid * ENTRY + 8);
            if (h < hash || (h == hash && v < lo)) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        for (int i = a; i < count; i++) {
            if (mapped.getLong(i * ENTRY) != hash || mapped.getLong(i * ENTRY + 8) > hi) {
                break;
            }
            out.add(mapped.getLong(i * ENTRY + 16));
        }
    }

    /** Sorts the entries, writes the file and returns a mapped index over it. */
    synchronized StreamIndex seal(Path file) throws IOException {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int c = Long.compare(hashes[x], hashes[y]);
            return c != 0 ? c : Long.compare(versions[x], versions[y]);
        });
        ByteBuffer out = ByteBuffer.allocate(count * ENTRY);
        for (int i : order) {
            out.putLong(hashes[i]).putLong(versions[i]).putLong(offsets[i]);
        }
        OffsetIndex.IndexFiles.write(file, out.flip());
        return new StreamIndex(OffsetIndex.IndexFiles.map(file));
    }

    /**
     * Maps an existing file; null when it is missing, of a bad size, or its first or last entry points outside
     * [{@code baseOffset}, {@code nextOffset}) (then the caller rebuilds it). Only the ends are checked: reading every
     * entry of every segment would make opening a large log slow, and a wrong entry only costs a dropped record
     * (readers check each record's stream id and version).
     */
    static StreamIndex load(Path file, long baseOffset, long nextOffset) throws IOException {
        if (!Files.exists(file) || Files.size(file) % ENTRY != 0) {
            return null;
        }
        MappedByteBuffer map = OffsetIndex.IndexFiles.map(file);
        int n = map.capacity() / ENTRY;
        for (int i : new int[] {0, n - 1}) {
            if (n > 0) {
                long offset = map.getLong(i * ENTRY + 16);
                if (offset < baseOffset || offset >= nextOffset) {
                    return null;
                }
            }
        }
        return new StreamIndex(map);
    }
}
