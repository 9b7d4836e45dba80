package dev.tributary.log.internal;

import dev.tributary.core.eventstore.PositionOutOfRangeException;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.StorageException;
import dev.tributary.log.StoredEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One read of a bus in its global order: walks the order's entries and reads each one's events from its partition,
 * keeping one open scanner per partition so that a partition's consecutive groups are read in one pass instead of
 * one index look-up each.
 *
 * <p>Not thread-safe: one per read, made and used on the reader's thread. Holds at most {@link #OPEN_PARTITIONS}
 * segments acquired, released when the read ends. Bounded: a read returns at most {@code maxEvents} events and about
 * {@code maxBytes}, and looks at no more than {@link #MAX_ENTRIES} entries (so a long stretch of deleted events
 * costs several reads, each of which advances).
 */
final class AllReader {
    static final int OPEN_PARTITIONS = 16;
    static final int MAX_ENTRIES = 65_536;
    private static final int READ_CHUNK = 64 * 1024;

    private final String bus;
    private final Partition[] partitions;
    private final GlobalOrder order;
    private final List<Scan> open = new ArrayList<>(OPEN_PARTITIONS);

    AllReader(String bus, Partition[] partitions, GlobalOrder order) {
        this.bus = bus;
        this.partitions = partitions;
        this.order = order;
    }

    AllReadBatch read(long from, boolean forward, int maxEvents, long maxBytes) {
        long end = order.end();
        long first = order.first();
        long start = start(bus, from, forward, maxEvents, maxBytes, first, end);
        if (maxEvents == 0 || (forward ? start >= end : start < first)) {
            return new AllReadBatch(List.of(), forward ? start : -1, first, end);
        }
        try {
            return forward ? forward(start, end, first, maxEvents, maxBytes) : backward(start, end, first, maxEvents,
                    maxBytes);
        } finally {
            release();
        }
    }

    /**
     * Checks the arguments of a read of the order that is within [first, end) and returns where it starts: at
     * {@code from} forward, at the last position at or below it backward ({@code Long.MAX_VALUE}: the last).
     */
    static long start(String bus, long from, boolean forward, int maxEvents, long maxBytes, long first, long end) {
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents < 0");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0");
        }
        if (forward && from < 0) {
            throw new IllegalArgumentException("fromPosition < 0");
        }
        long start = forward ? from : Math.min(from, end - 1);
        if (forward ? from > end : from < -1) {
            throw new PositionOutOfRangeException(bus, from, first, end);
        }
        if (start >= 0 && start < first) {
            throw new PositionOutOfRangeException(bus, from, first, end);
        }
        return start;
    }

    /**
     * The event at {@code offset} of {@code partition}, which the order names at {@code position}, or null when its
     * stream's metadata hides it; keeps the
     * partition's scanner open for the next call until {@link #release()}.
     */
    StoredEvent readAt(int partition, long offset, long position) {
        List<StoredEvent> one = new ArrayList<>(1);
        read(partition, offset, 1, position - offset, one, new long[] {0}, 1, Long.MAX_VALUE);
        return one.isEmpty() ? null : one.get(0);
    }

    /** Releases the segments this reader holds. */
    void release() {
        for (Scan s : open) {
            s.release();
        }
        open.clear();
    }

    private AllReadBatch forward(long from, long end, long first, int maxEvents, long maxBytes) {
        List<StoredEvent> events = new ArrayList<>(Math.min(maxEvents, 1024));
        long[] bytes = {0};
        EntryCursor c = new EntryCursor(order, from, true, end);
        long next = from;
        for (int seen = 0; seen < MAX_ENTRIES && c.next(); seen++) {
            long entryEnd = c.position() + c.count();
            int partition = c.partition();
            if (order.alive(partition, c.offset(), c.count())) {
                long skip = Math.max(0, from - c.position());
                boolean full = read(partition, c.offset() + skip, (int) (c.count() - skip), c.position() - c.offset(),
                        events, bytes, maxEvents, maxBytes);
                if (full) {
                    return new AllReadBatch(List.copyOf(events), last(events) + 1, first, end);
                }
            }
            next = entryEnd;
        }
        return new AllReadBatch(List.copyOf(events), next, first, end);
    }

    private AllReadBatch backward(long from, long end, long first, int maxEvents, long maxBytes) {
        List<StoredEvent> events = new ArrayList<>(Math.min(maxEvents, 1024));
        List<StoredEvent> entry = new ArrayList<>();
        long[] bytes = {0};
        EntryCursor c = new EntryCursor(order, from, false, end);
        long next = -1;
        for (int seen = 0; seen < MAX_ENTRIES && c.next(); seen++) {
            int partition = c.partition();
            next = c.position() - 1;
            if (!order.alive(partition, c.offset(), c.count())) {
                continue;
            }
            int upTo = (int) Math.min(c.count(), from - c.position() + 1);
            entry.clear();
            read(partition, c.offset(), upTo, c.position() - c.offset(), entry, new long[] {0}, upTo, Long.MAX_VALUE);
            for (int i = entry.size() - 1; i >= 0; i--) {
                StoredEvent e = entry.get(i);
                long size = approximateSize(e);
                if (events.size() == maxEvents || (!events.isEmpty() && bytes[0] + size > maxBytes)) {
                    return new AllReadBatch(List.copyOf(events), e.globalPosition(), first, end);
                }
                events.add(e);
                bytes[0] += size;
            }
        }
        return new AllReadBatch(Collections.unmodifiableList(events), next < first ? -1 : next, first, end);
    }

    static long approximateSize(StoredEvent e) {
        return e.event().getData() == null ? 256 : 256 + e.event().getData().toBytes().length;
    }

    private static long last(List<StoredEvent> events) {
        return events.get(events.size() - 1).globalPosition();
    }

    /**
     * Reads {@code count} events of {@code partition} from {@code offset} into {@code out}, each with its global
     * position ({@code offset + delta}); true when {@code maxEvents} or {@code maxBytes} stopped it.
     */
    private boolean read(int partition, long offset, int count, long delta, List<StoredEvent> out, long[] bytes,
            int maxEvents, long maxBytes) {
        Scan scan = scanOf(partition);
        long stop = offset + count;
        long at = offset;
        int ends = 0;
        while (at < stop) {
            if (out.size() >= maxEvents) {
                return true;
            }
            RecordScanner s = scan.seek(at, at + delta);
            RecordScanner.Status status;
            try {
                status = s.next();
            } catch (ClosedChannelException e) {
                throw new PositionOutOfRangeException(bus, at + delta, order.first(), order.end());
            } catch (IOException e) {
                throw new StorageException(partitions[partition].describe() + ": cannot read " + scan.segment.file()
                        + ": " + e, e);
            }
            if (status == RecordScanner.Status.END) {
                if (++ends > 1) {
                    throw new StorageException(partitions[partition].describe() + ": offset " + at + " is named by "
                            + "the global order but " + scan.segment.file() + " ends before it");
                }
                scan.release(); // the offset is in a later segment, or was written after the scan began
                continue;
            }
            ends = 0;
            if (status != RecordScanner.Status.RECORD) {
                throw partitions[partition].corruption(scan.segment, s.position(), "bad length or checksum");
            }
            ByteBuffer buf = s.buffer();
            int start = s.recordStart();
            long recordOffset = RecordCodec.offset(buf, start);
            scan.read(recordOffset);
            if (recordOffset < at) {
                continue; // skipping from the sparse index's entry to the offset asked for
            }
            if (!out.isEmpty() && bytes[0] + s.recordSize() > maxBytes) {
                return true;
            }
            StoredEvent e = partitions[partition].toStored(scan.segment, buf, start, s.position(), recordOffset + delta);
            if (partitions[partition].visible(e)) {
                out.add(e);
                bytes[0] += s.recordSize();
            }
            at = recordOffset + 1;
        }
        return out.size() >= maxEvents;
    }

    private Scan scanOf(int partition) {
        for (Scan s : open) {
            if (s.partition.id() == partition) {
                return s;
            }
        }
        if (open.size() == OPEN_PARTITIONS) {
            open.remove(0).release();
        }
        Scan s = new Scan(partitions[partition]);
        open.add(s);
        return s;
    }

    /**
     * An open scanner over one segment of a partition. {@code floor}: the scanner's next record is at or before this
     * offset (exactly at it once a record was read), so a partition's next group continues the same scan.
     */
    private final class Scan {
        /** Further than this ahead, a look-up in the sparse index beats reading through. */
        private static final int MAX_SKIP = 64;

        final Partition partition;
        Segment segment;
        RecordScanner scanner;
        long floor = -1;
        long scanEnd; // the segment's end offset when the scanner was made: it sees no record from there on

        Scan(Partition partition) {
            this.partition = partition;
        }

        /** A scanner whose next record is at or before {@code offset} (at {@code position}), in its segment. */
        RecordScanner seek(long offset, long position) {
            if (scanner != null && floor <= offset && offset - floor <= MAX_SKIP && offset < scanEnd) {
                return scanner;
            }
            release();
            Segment[] segs = partition.segments();
            Segment s = segs[Partition.floor(segs, offset)];
            if (!s.acquire()) {
                throw new PositionOutOfRangeException(bus, position, order.first(), order.end());
            }
            segment = s;
            scanEnd = s.nextOffset(); // before the size: the size published with an end covers it
            scanner = new RecordScanner(s.channel(), s.positionFor(offset), s.size(), READ_CHUNK);
            floor = offset;
            if (offset >= scanEnd) {
                throw new StorageException(partition.describe() + ": offset " + offset + " is named by the global "
                        + "order but not stored (the partition ends at " + partition.end() + ")");
            }
            return scanner;
        }

        void read(long offset) {
            floor = offset + 1;
        }

        void release() {
            if (segment != null) {
                segment.release();
                segment = null;
                scanner = null;
                floor = -1;
            }
        }
    }
}
