package dev.tributary.log.internal;

import dev.tributary.log.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Walks the durable entries of a {@link GlobalOrder}, forward or backward, from the entry that holds a position,
 * reading {@value #BLOCK} entries at a time.
 *
 * <p>Not thread-safe (one per read). Sees the files as they were when it was made and stops at the end it was given.
 * Throws {@link StorageException} when a file cannot be read (retention deleted it under the reader, or the disk
 * failed).
 */
final class EntryCursor {
    static final int BLOCK = 256;

    private final GlobalOrder order;
    private final OrderSegment[] segments;
    private final boolean forward;
    private final long end;
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK * OrderSegment.ENTRY_BYTES);
    private int segment;
    private int entry; // the next entry to return, in its segment
    private int blockFirst; // entry index of block[0]
    private int blockCount;
    private int at = -1; // index in block of the current entry

    EntryCursor(GlobalOrder order, long position, boolean forward, long end) {
        this.order = order;
        this.segments = order.segments();
        this.forward = forward;
        this.end = end;
        int s = floor(position);
        if (s < 0) {
            // below the first file: forward starts at its first entry, backward has nothing
            this.segment = forward ? 0 : -1;
            this.entry = 0;
        } else {
            this.segment = s;
            this.entry = entryOf(segments[s], position);
        }
    }

    /** Moves to the next entry; false at the end (forward: the end given; backward: before the first entry). */
    boolean next() {
        while (true) {
            if (segment < 0 || segment >= segments.length) {
                return false;
            }
            OrderSegment s = segments[segment];
            int entries = s.entries();
            if (entry < 0 || entry >= entries) {
                if (forward) {
                    segment++;
                    entry = 0;
                } else if (--segment >= 0) {
                    entry = segments[segment].entries() - 1;
                }
                blockCount = 0;
                continue;
            }
            if (entry < blockFirst || entry >= blockFirst + blockCount) {
                load(s, entries);
            }
            at = entry - blockFirst;
            if (forward && position() >= end) {
                return false;
            }
            entry += forward ? 1 : -1;
            return true;
        }
    }

    long position() {
        return OrderSegment.position(block, at);
    }

    int partition() {
        return OrderSegment.partition(block, at);
    }

    long offset() {
        return OrderSegment.offset(block, at);
    }

    int count() {
        return OrderSegment.count(block, at);
    }

    private void load(OrderSegment s, int entries) {
        blockFirst = forward ? entry : Math.max(0, entry - BLOCK + 1);
        blockCount = forward ? Math.min(BLOCK, entries - entry) : entry - blockFirst + 1;
        try {
            s.read(blockFirst, blockCount, block);
        } catch (IOException e) {
            blockCount = 0;
            throw new StorageException(order.describe() + ": cannot read " + s.file() + ": " + e, e);
        }
    }

    /** The last file whose base is at or below {@code position}; -1 when below the first. */
    private int floor(long position) {
        int lo = 0;
        int hi = segments.length - 1;
        if (position < segments[0].basePosition()) {
            return -1;
        }
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segments[mid].basePosition() <= position) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The last entry of {@code s} whose position is at or below {@code position} (0 for an empty file). */
    private int entryOf(OrderSegment s, long position) {
        int lo = 0;
        int hi = s.entries() - 1;
        ByteBuffer one = ByteBuffer.allocate(OrderSegment.ENTRY_BYTES);
        try {
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                s.read(mid, 1, one);
                if (OrderSegment.position(one, 0) <= position) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
        } catch (IOException e) {
            throw new StorageException(order.describe() + ": cannot read " + s.file() + ": " + e, e);
        }
        return Math.max(lo, 0);
    }
}
