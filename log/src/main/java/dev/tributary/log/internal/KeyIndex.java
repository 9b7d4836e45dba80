package dev.tributary.log.internal;

import dev.tributary.log.AllReadBatch;
import dev.tributary.log.IndexKey;
import dev.tributary.log.StorageException;
import dev.tributary.log.StoredEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The secondary indexes of a bus's global order: the positions of the events of each category of streams and of
 * each event type, so that a read of one category or type never walks the whole order.
 *
 * <pre>
 * order/&lt;base position&gt;.keys, one per {@link #DEFAULT_EVENTS_PER_FILE} positions (derived, never fsynced)
 * header  | magic "TRBKEYS1" (8) | base position int64 | end position int64 | entries int32 | crc32c int32 |
 * entries | key hash int64 | position int64 | locator int64 (offset &lt;&lt; 10 | partition) |   24 bytes each,
 *           sorted by (key hash, position)
 * </pre>
 *
 * <p>A key is {@link #hash(IndexKey) hashed}; keys that collide share entries and readers check each event they read
 * ({@link IndexKey#selects}). The positions not yet in a file (the last ones) are kept on the heap, per key in position
 * order: bounded by the events of one file (about 40 bytes per event at most). A file is written when that part is
 * full, from the sequencer's thread, to a temporary name and renamed; one that is missing, torn or does not follow the
 * one before is rebuilt on open from the events, as are the positions after the last file.
 *
 * <p>Entries are never removed one by one: a reader skips those whose events retention deleted, and a whole file goes
 * when its last position falls below the first readable one.
 *
 * <p>Thread-safety: the order's sequencer adds entries before it publishes the positions they name, and rolls;
 * readers {@link #collect} concurrently (the part on the heap is guarded by its monitor, files are immutable).
 */
final class KeyIndex {
    private static final System.Logger LOG = System.getLogger(KeyIndex.class.getName());
    static final int DEFAULT_EVENTS_PER_FILE = 1 << 16;
    static final String SUFFIX = ".keys";
    private static final long MAGIC = 0x5452424b45595331L; // "TRBKEYS1"
    private static final int HEADER = 32;
    private static final int ENTRY = 24;
    private static final int PARTITION_BITS = 10; // LogConfig: at most 1024 partitions

    private final String bus;
    private final Path dir;
    private final Function<String, String> categoryOf;
    private final int eventsPerFile;
    private volatile Part[] parts; // the files by base position, then the part on the heap

    private KeyIndex(String bus, Path dir, Function<String, String> categoryOf, int eventsPerFile, Part[] parts) {
        this.bus = bus;
        this.dir = dir;
        this.categoryOf = categoryOf;
        this.eventsPerFile = eventsPerFile;
        this.parts = parts;
    }

    // ---- keys ----

    static long hash(IndexKey key) {
        return switch (key.kind()) {
            case CATEGORY -> categoryHash(key.value());
            case EVENT_TYPE -> typeHash(key.value());
        };
    }

    private static long categoryHash(String category) {
        return nonZero(Hash64.of("$ce", category));
    }

    private static long typeHash(String type) {
        return nonZero(Hash64.of("$et", type));
    }

    private static long nonZero(long hash) {
        return hash == 0 ? 1 : hash; // 0: "no key" in the arrays of a group
    }

    /** The category key of a stream (0 for an event outside streams). */
    long categoryKey(String stream) {
        return stream == null ? 0 : categoryHash(categoryOf.apply(stream));
    }

    long typeKey(String type) {
        return typeHash(type);
    }

    static long locator(int partition, long offset) {
        return offset << PARTITION_BITS | partition;
    }

    static int partitionOf(long locator) {
        return (int) (locator & ((1 << PARTITION_BITS) - 1));
    }

    static long offsetOf(long locator) {
        return locator >>> PARTITION_BITS;
    }

    // ---- writing (the sequencer, or recovery before the writers start) ----

    /** Indexes the event at {@code position}; {@code category} 0 when it is in no stream. */
    void add(long position, int partition, long offset, long category, long type) {
        Active active = (Active) parts[parts.length - 1];
        long locator = locator(partition, offset);
        if (category != 0) {
            active.add(category, position, locator);
        }
        active.add(type, position, locator);
        active.events++;
    }

    /** After a batch of groups whose last position is {@code end - 1}: writes the part on the heap when it is full. */
    void endOfBatch(long end) {
        Part[] ps = parts;
        Active active = (Active) ps[ps.length - 1];
        if (active.events < eventsPerFile) {
            return;
        }
        Part sealed;
        try {
            sealed = active.seal(SegmentFileNames.keys(dir, active.base), end);
        } catch (IOException | RuntimeException e) {
            // derived: the next open rebuilds the file; until then its entries stay on the heap
            LOG.log(Level.WARNING, "bus '" + bus + "': could not write the index file of positions " + active.base
                    + ".." + (end - 1) + "; it is rebuilt at the next open", e);
            sealed = active.frozen(end);
        }
        Part[] next = Arrays.copyOf(ps, ps.length + 1);
        next[ps.length - 1] = sealed;
        next[ps.length] = new Active(end);
        parts = next;
    }

    // ---- reading ----

    /**
     * Appends to {@code positions} and {@code locators} the entries of {@code hash} within positions [lo, hi], in
     * position order (descending when not {@code forward}), at most {@code max}. Returns the number added.
     */
    int collect(long hash, long lo, long hi, boolean forward, int max, LongList positions, LongList locators) {
        Part[] ps = parts;
        int added = 0;
        for (int k = 0; k < ps.length && added < max; k++) {
            Part p = ps[forward ? k : ps.length - 1 - k];
            if (p.base() > hi || p.end() <= lo) {
                continue;
            }
            added += p.collect(hash, lo, hi, forward, max - added, positions, locators);
        }
        return added;
    }

    /** Deletes the files whose every position is below {@code first} (retention deleted their events). */
    void retire(long first) {
        while (true) {
            Part[] ps = parts;
            if (ps.length < 2 || ps[0].end() > first) {
                return;
            }
            parts = Arrays.copyOfRange(ps, 1, ps.length);
            if (ps[0] instanceof Sealed s) {
                try {
                    Files.deleteIfExists(s.file);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "bus '" + bus + "': could not delete " + s.file, e);
                }
            }
        }
    }

    /** Positions below this are in files; the rest is on the heap. For tests. */
    long onHeapFrom() {
        Part[] ps = parts;
        return ps[ps.length - 1].base();
    }

    // ---- opening ----

    /**
     * Loads the files of an order whose positions end at {@code end} that follow one another (deleting the others);
     * the positions after them are indexed by {@link #catchUp}.
     */
    static KeyIndex load(String bus, Path orderDir, Function<String, String> categoryOf, int eventsPerFile, long end)
            throws IOException {
        List<Part> kept = new ArrayList<>();
        long covered = -1;
        for (long base : SegmentFileNames.bases(orderDir, f -> SegmentFileNames.parseBase(f, SUFFIX))) {
            Path file = SegmentFileNames.keys(orderDir, base);
            Sealed s = covered >= 0 && base != covered ? null : Sealed.load(file, base);
            if (s == null || s.end > end) {
                Files.deleteIfExists(file);
                continue;
            }
            kept.add(s);
            covered = s.end;
        }
        kept.add(new Active(Math.max(covered, 0)));
        return new KeyIndex(bus, orderDir, categoryOf, eventsPerFile, kept.toArray(new Part[0]));
    }

    /**
     * Indexes the events from the end of the files to {@code end} ({@code read}: a forward read of the order); when
     * the files start above {@code first}, the first readable position, they are dropped and everything is indexed.
     * Runs before the writers start.
     */
    void catchUp(long first, long end, ReadForward read) throws IOException {
        if (parts[0].base() > first) {
            for (Part p : parts) {
                if (p instanceof Sealed s) {
                    Files.deleteIfExists(s.file);
                }
            }
            parts = new Part[] {new Active(first)};
        }
        long from = Math.max(onHeapFrom(), first); // nothing below the first readable to index
        long indexed = rebuild(from, end, read);
        if (indexed > 0) {
            LOG.log(Level.INFO, "bus '" + bus + "': indexed " + indexed + " events by category and type (positions "
                    + from + ".." + (end - 1) + ")");
        }
    }

    /** A forward read of the global order. */
    interface ReadForward {
        AllReadBatch read(long from, int maxEvents, long maxBytes);
    }

    /**
     * Indexes the events of [from, end). An event that cannot be read (a corrupt record) is left out, so that the bus
     * still opens: a read of the order names the damage where it is.
     */
    private long rebuild(long from, long end, ReadForward read) {
        long indexed = 0;
        long at = from;
        while (at < end) {
            AllReadBatch batch;
            try {
                batch = read.read(at, 4096, 16L << 20);
            } catch (StorageException e) {
                try {
                    batch = read.read(at, 1, 1);
                } catch (StorageException one) {
                    LOG.log(Level.WARNING, "bus '" + bus + "': the event at position " + at + " cannot be read to "
                            + "index it (" + one.getMessage() + "); the category and type indexes leave it out");
                    at++;
                    continue;
                }
            }
            for (StoredEvent e : batch.events()) {
                add(e.globalPosition(), e.partition(), e.offset(), categoryKey(e.stream()), typeKey(e.event().getType()));
                endOfBatch(e.globalPosition() + 1);
                indexed++;
            }
            if (batch.nextPosition() <= at) {
                break;
            }
            at = batch.nextPosition();
        }
        return indexed;
    }

    // ---- parts ----

    private interface Part {
        long base();

        /** The position after the last this part may hold ({@code Long.MAX_VALUE} for the one still growing). */
        long end();

        int collect(long hash, long lo, long hi, boolean forward, int max, LongList positions, LongList locators);
    }

    /** The last positions, on the heap: per key, parallel arrays of positions and locators. */
    private static final class Active implements Part {
        final long base;
        int events; // sequencer only
        private final LongLongMap slots = new LongLongMap(16); // key hash -> slot
        private long[] hashes = new long[16];
        private long[][] positions = new long[16][];
        private long[][] locators = new long[16][];
        private int[] sizes = new int[16];
        private int keys;
        private long frozenEnd = Long.MAX_VALUE;

        Active(long base) {
            this.base = base;
        }

        @Override
        public long base() {
            return base;
        }

        @Override
        public synchronized long end() {
            return frozenEnd;
        }

        synchronized void add(long hash, long position, long locator) {
            int slot = (int) slots.get(hash);
            if (slot < 0) {
                slot = keys++;
                if (slot == hashes.length) {
                    int n = slot * 2;
                    hashes = Arrays.copyOf(hashes, n);
                    positions = Arrays.copyOf(positions, n);
                    locators = Arrays.copyOf(locators, n);
                    sizes = Arrays.copyOf(sizes, n);
                }
                slots.put(hash, slot);
                hashes[slot] = hash;
                positions[slot] = new long[4];
                locators[slot] = new long[4];
            }
            int size = sizes[slot];
            if (size == positions[slot].length) {
                positions[slot] = Arrays.copyOf(positions[slot], size * 2);
                locators[slot] = Arrays.copyOf(locators[slot], size * 2);
            }
            positions[slot][size] = position;
            locators[slot][size] = locator;
            sizes[slot] = size + 1;
        }

        @Override
        public synchronized int collect(long hash, long lo, long hi, boolean forward, int max, LongList outPositions,
                LongList outLocators) {
            int slot = (int) slots.get(hash);
            if (slot < 0) {
                return 0;
            }
            long[] ps = positions[slot];
            int size = sizes[slot];
            int added = 0;
            if (forward) {
                for (int i = ceiling(ps, size, lo); i < size && ps[i] <= hi && added < max; i++, added++) {
                    outPositions.add(ps[i]);
                    outLocators.add(locators[slot][i]);
                }
            } else {
                for (int i = ceiling(ps, size, hi + 1) - 1; i >= 0 && ps[i] >= lo && added < max; i--, added++) {
                    outPositions.add(ps[i]);
                    outLocators.add(locators[slot][i]);
                }
            }
            return added;
        }

        /** The first index of {@code ps[0..size)} whose position is at or above {@code position}. */
        private static int ceiling(long[] ps, int size, long position) {
            int a = 0;
            int b = size;
            while (a < b) {
                int mid = (a + b) >>> 1;
                if (ps[mid] < position) {
                    a = mid + 1;
                } else {
                    b = mid;
                }
            }
            return a;
        }

        /** This part, kept on the heap and closed at {@code end} (its file could not be written). */
        synchronized Part frozen(long end) {
            frozenEnd = end;
            return this;
        }

        /** Writes the file of this part, which ends at {@code end}, and returns it mapped. */
        synchronized Sealed seal(Path file, long end) throws IOException {
            int total = 0;
            for (int k = 0; k < keys; k++) {
                total += sizes[k];
            }
            Integer[] byHash = new Integer[keys];
            for (int k = 0; k < keys; k++) {
                byHash[k] = k;
            }
            Arrays.sort(byHash, (x, y) -> Long.compare(hashes[x], hashes[y]));
            ByteBuffer out = ByteBuffer.allocate(HEADER + total * ENTRY);
            out.putLong(MAGIC).putLong(base).putLong(end).putInt(total);
            out.putInt(OrderSegment.crc(out, 0, HEADER - 4));
            for (int k : byHash) {
                for (int i = 0; i < sizes[k]; i++) {
                    out.putLong(hashes[k]).putLong(positions[k][i]).putLong(locators[k][i]);
                }
            }
            Path tmp = SegmentFileNames.temp(file);
            OffsetIndex.IndexFiles.write(tmp, out.flip());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Sealed(file, base, end, OffsetIndex.IndexFiles.map(file));
        }
    }

    /** A written file, mapped. */
    private static final class Sealed implements Part {
        final Path file;
        final long base;
        final long end;
        private final ByteBuffer map;
        private final int count;

        Sealed(Path file, long base, long end, ByteBuffer map) {
            this.file = file;
            this.base = base;
            this.end = end;
            this.map = map;
            this.count = (map.capacity() - HEADER) / ENTRY;
        }

        /** The file mapped, or null when it is torn or not the index of positions from {@code base}. */
        static Sealed load(Path file, long base) throws IOException {
            long size = Files.size(file);
            if (size < HEADER || (size - HEADER) % ENTRY != 0) {
                return null;
            }
            MappedByteBuffer map = OffsetIndex.IndexFiles.map(file);
            if (map.getLong(0) != MAGIC || map.getLong(8) != base || map.getLong(16) <= base
                    || map.getInt(24) != (size - HEADER) / ENTRY
                    || map.getInt(28) != OrderSegment.crc(map, 0, HEADER - 4)) {
                return null;
            }
            return new Sealed(file, base, map.getLong(16), map);
        }

        @Override
        public long base() {
            return base;
        }

        @Override
        public long end() {
            return end;
        }

        private long hashAt(int i) {
            return map.getLong(HEADER + i * ENTRY);
        }

        private long positionAt(int i) {
            return map.getLong(HEADER + i * ENTRY + 8);
        }

        /** The first entry at or after (hash, position). */
        private int ceiling(long hash, long position) {
            int a = 0;
            int b = count;
            while (a < b) {
                int mid = (a + b) >>> 1;
                long h = hashAt(mid);
                if (h < hash || (h == hash && positionAt(mid) < position)) {
                    a = mid + 1;
                } else {
                    b = mid;
                }
            }
            return a;
        }

        @Override
        public int collect(long hash, long lo, long hi, boolean forward, int max, LongList positions,
                LongList locators) {
            int added = 0;
            if (forward) {
                for (int i = ceiling(hash, lo); i < count && hashAt(i) == hash && positionAt(i) <= hi && added < max;
                        i++, added++) {
                    positions.add(positionAt(i));
                    locators.add(map.getLong(HEADER + i * ENTRY + 16));
                }
            } else {
                for (int i = ceiling(hash, hi + 1) - 1; i >= 0 && hashAt(i) == hash && positionAt(i) >= lo
                        && added < max; i--, added++) {
                    positions.add(positionAt(i));
                    locators.add(map.getLong(HEADER + i * ENTRY + 16));
                }
            }
            return added;
        }
    }
}
