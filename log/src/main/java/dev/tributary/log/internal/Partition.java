package dev.tributary.log.internal;

import dev.tributary.core.eventstore.StreamDeletedException;
import dev.tributary.core.eventstore.StreamMetadata;
import dev.tributary.core.eventstore.StreamState;
import dev.tributary.log.CorruptLogException;
import dev.tributary.log.LogListener;
import dev.tributary.log.OffsetOutOfRangeException;
import dev.tributary.log.PartitionState;
import dev.tributary.log.ReadBatch;
import dev.tributary.log.StorageException;
import dev.tributary.log.StoredEvent;
import dev.tributary.log.StreamReadBatch;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One partition of a bus: its segments, committed end and stream heads, and every read path.
 *
 * <p>Thread-safety: the {@link PartitionWriter} is the only mutator (segments list, committed end, heads); it publishes
 * through volatile fields in the order segment size → indexes → committed end → heads, and readers read the committed
 * end first, so a reader never sees an unacknowledged record. Reads are safe from any thread.
 *
 * <p>Failure modes: reads below the start throw {@link OffsetOutOfRangeException} (also when retention deletes a
 * segment under a reader); a record that fails its checksum throws {@link CorruptLogException} naming the file and
 * position (reported to the listener first); other I/O errors throw {@link StorageException}.
 */
final class Partition {
    private static final System.Logger LOG = System.getLogger(Partition.class.getName());
    private static final int READ_CHUNK = 64 * 1024;
    /** Records a partition read looks at, at most, when stream metadata hides them. */
    static final int MAX_HIDDEN_SCAN = 65_536;

    private final String bus;
    private final int id;
    private final Path dir;
    private final LogListener listener;
    private final StreamHeads heads = new StreamHeads();
    private volatile StreamMetadataStore metadata;
    private long reclaimBase = -1; // writer only: the oldest segment last found to hold a visible record…
    private long reclaimGeneration = -1; // …under this metadata generation…
    private long reclaimAt = -1; // …at this time, or -1 when no age limit can change the answer
    private final Waiters waiters = new Waiters();
    private volatile Segment[] segments;
    private volatile long committedEnd;

    Partition(String bus, int id, Path dir, LogListener listener) {
        this.bus = bus;
        this.id = id;
        this.dir = dir;
        this.listener = listener;
    }

    String bus() {
        return bus;
    }

    int id() {
        return id;
    }

    Path dir() {
        return dir;
    }

    LogListener listener() {
        return listener;
    }

    StreamHeads heads() {
        return heads;
    }

    StreamMetadataStore metadata() {
        return metadata;
    }

    void metadata(StreamMetadataStore value) {
        metadata = value;
    }

    /** Writer only: whether the oldest segment's records must be read again to know if metadata hides them all. */
    boolean reclaimCheckDue(long base, long generation, long now) {
        return base != reclaimBase || generation != reclaimGeneration || (reclaimAt >= 0 && now - reclaimAt >= 60_000);
    }

    void reclaimChecked(long base, long generation, long at) {
        reclaimBase = base;
        reclaimGeneration = generation;
        reclaimAt = at;
    }

    /** Whether readers still see {@code e}: its stream's limits, truncation and deletion may hide it. */
    boolean visible(StoredEvent e) {
        StreamMetadataStore m = metadata;
        return m == null || m.isEmpty() || e.stream() == null
                || m.visible(e.stream(), e.version(), e.time(), heads.version(e.stream()));
    }

    Segment[] segments() {
        return segments;
    }

    Segment active() {
        Segment[] s = segments;
        return s[s.length - 1];
    }

    /** Writer only. */
    void segments(Segment[] value) {
        segments = value;
    }

    long end() {
        return committedEnd;
    }

    long startOffset() {
        return segments[0].baseOffset();
    }

    /**
     * Writer only: makes everything before {@code end} visible, then runs {@code afterEnd} (the stream heads move only
     * once their records are readable), then wakes waiting readers.
     */
    void publishEnd(long end, Runnable afterEnd) {
        committedEnd = end;
        afterEnd.run();
        waiters.release(end);
    }

    /** Recovery only. */
    void restoreEnd(long end) {
        committedEnd = end;
    }

    String describe() {
        return "bus '" + bus + "' partition " + id;
    }

    // ---- reads ----

    /** Visits committed records from {@code from}; return false to stop. */
    @FunctionalInterface
    interface RecordVisitor {
        boolean visit(Segment segment, ByteBuffer buffer, int start, int size, long position);
    }

    void scan(long from, RecordVisitor visitor) {
        long end = committedEnd;
        Segment[] segs = segments;
        if (from < segs[0].baseOffset()) {
            throw new OffsetOutOfRangeException(id, from, segs[0].baseOffset());
        }
        if (from >= end) {
            return;
        }
        for (int i = floor(segs, from); i < segs.length; i++) {
            Segment s = segs[i];
            if (s.baseOffset() >= end) {
                return;
            }
            if (!s.acquire()) {
                throw new OffsetOutOfRangeException(id, from, startOffset());
            }
            try {
                RecordScanner scanner = new RecordScanner(s.channel(), s.positionFor(from), s.size(), READ_CHUNK);
                while (true) {
                    RecordScanner.Status status = scanner.next();
                    if (status == RecordScanner.Status.END) {
                        break;
                    }
                    if (status != RecordScanner.Status.RECORD) {
                        throw corruption(s, scanner.position(), status == RecordScanner.Status.TORN
                                ? "record runs past the end of the segment"
                                : "bad length or checksum");
                    }
                    ByteBuffer buf = scanner.buffer();
                    int start = scanner.recordStart();
                    long offset = RecordCodec.offset(buf, start);
                    if (offset >= end) {
                        return;
                    }
                    if (offset < from) {
                        continue;
                    }
                    if (!visitor.visit(s, buf, start, scanner.recordSize(), scanner.position())) {
                        return;
                    }
                }
            } catch (ClosedChannelException e) {
                throw new OffsetOutOfRangeException(id, from, startOffset());
            } catch (IOException e) {
                throw new StorageException(describe() + ": cannot read " + s.file() + ": " + e, e);
            } finally {
                s.release();
            }
        }
    }

    CorruptLogException corruption(Segment s, long position, String reason) {
        String why = describe() + ": " + reason;
        LOG.log(Level.ERROR, "segment " + s.file() + " is corrupt at position " + position + ": " + why);
        listener.corruptionFound(s.file(), position, why);
        return new CorruptLogException(s.file(), position, why);
    }

    /** The index of the last segment whose base offset is at or below {@code offset} (0 when none is). */
    static int floor(Segment[] segs, long offset) {
        int lo = 0;
        int hi = segs.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segs[mid].baseOffset() <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    StoredEvent toStored(Segment s, ByteBuffer buf, int start, long position) {
        return toStored(s, buf, start, position, -1);
    }

    /** The record at {@code start} of {@code buf} (at file {@code position}) as an event at {@code globalPosition}. */
    StoredEvent toStored(Segment s, ByteBuffer buf, int start, long position, long globalPosition) {
        try {
            RecordCodec.DecodedRecord r = RecordCodec.decode(buf, start);
            return new StoredEvent(id, r.offset(), r.time(), r.stream(), r.version(), r.event(), globalPosition);
        } catch (RuntimeException e) {
            throw corruption(s, position, "record does not decode: " + e.getMessage());
        }
    }

    ReadBatch read(long from, int maxEvents, long maxBytes) {
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents < 0");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0");
        }
        long end = committedEnd;
        List<StoredEvent> events = new ArrayList<>(Math.min(maxEvents, 1024));
        long[] bytes = {0};
        long[] last = {from - 1}; // the last offset looked at, visible or not
        if (maxEvents > 0) {
            scan(from, (s, buf, start, size, position) -> {
                if (!events.isEmpty() && bytes[0] + size > maxBytes) {
                    return false;
                }
                StoredEvent e = toStored(s, buf, start, position);
                if (visible(e)) {
                    events.add(e);
                    bytes[0] += size;
                }
                last[0] = e.offset();
                // bounded when a long stretch is hidden: the next read goes on from there
                return events.size() < maxEvents && last[0] - from < MAX_HIDDEN_SCAN;
            });
        }
        long next = last[0] + 1;
        return new ReadBatch(Collections.unmodifiableList(events), next, Math.max(end, committedEnd));
    }

    /** The committed record at {@code offset}, or null when there is none. */
    StoredEvent readOne(long offset) {
        StoredEvent[] found = new StoredEvent[1];
        scan(offset, (s, buf, start, size, position) -> {
            if (RecordCodec.offset(buf, start) == offset) {
                found[0] = toStored(s, buf, start, position);
            }
            return false;
        });
        return found[0];
    }

    long offsetAt(Instant time) {
        long t = time.toEpochMilli();
        long end = committedEnd;
        Segment[] segs = segments;
        for (Segment s : segs) {
            if (s.isEmpty() || s.maxTime() < t) {
                continue;
            }
            long from = s.baseOffset() + s.timeIndex().startFor(t);
            long[] found = {-1};
            try {
                scan(Math.max(from, segs[0].baseOffset()), (seg, buf, start, size, position) -> {
                    if (RecordCodec.appendTime(buf, start) >= t) {
                        found[0] = RecordCodec.offset(buf, start);
                        return false;
                    }
                    return true;
                });
            } catch (OffsetOutOfRangeException e) {
                continue; // deleted meanwhile: the next segment answers
            }
            return found[0] >= 0 ? found[0] : end;
        }
        return end;
    }

    /**
     * Committed records of {@code stream} with versions within [lo, hi], ascending. Uses the stream indexes only
     * (segments after the head's last offset are skipped); records whose stream id differs (hash collisions) are
     * dropped; versions deleted by retention are missing.
     */
    List<StoredEvent> streamRange(String stream, long lo, long hi, long headOffset) {
        long hash = Hash64.of(stream);
        LongList offsets = new LongList(16);
        Segment[] segs = segments;
        for (Segment s : segs) {
            if (s.baseOffset() > headOffset) {
                break;
            }
            s.streamIndex().collect(hash, lo, hi, offsets);
        }
        long[] sorted = new long[offsets.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = offsets.get(i);
        }
        Arrays.sort(sorted);
        List<StoredEvent> out = new ArrayList<>(sorted.length);
        for (long offset : sorted) {
            StoredEvent e;
            try {
                e = readOne(offset);
            } catch (OffsetOutOfRangeException gone) {
                continue;
            }
            if (e != null && stream.equals(e.stream()) && e.version() >= lo && e.version() <= hi && visible(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Reads a stream from {@code fromVersion}; versions its metadata hides are skipped (a forward read below the first
     * kept version starts there). Throws {@link StreamDeletedException} after a hard delete.
     */
    StreamReadBatch readStream(String stream, long fromVersion, boolean forward, int maxEvents) {
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents < 0");
        }
        if (forward && fromVersion < 0) {
            throw new IllegalArgumentException("fromVersion < 0");
        }
        StreamState state = streamState(stream);
        if (state.deleted()) {
            throw new StreamDeletedException(stream);
        }
        StreamHeads.Head head = heads.get(stream);
        long current = head.version();
        long first = state.firstVersion();
        if (current < 0 || maxEvents == 0) {
            return new StreamReadBatch(List.of(), forward ? fromVersion : (current < 0 ? -1 : fromVersion), current,
                    first);
        }
        if (forward) {
            long from = Math.max(fromVersion, first);
            if (from > current) {
                return new StreamReadBatch(List.of(), Math.max(fromVersion, current + 1), current, first);
            }
            long last = from + maxEvents - 1;
            long hi = last < from ? current : Math.min(current, last); // overflow: to the head
            List<StoredEvent> events = streamRange(stream, from, hi, head.offset());
            long next = events.isEmpty() ? hi + 1 : events.get(events.size() - 1).version() + 1;
            return new StreamReadBatch(events, next, current, first);
        }
        long hi = Math.min(fromVersion, current);
        if (hi < first) {
            return new StreamReadBatch(List.of(), -1, current, first);
        }
        long lo = Math.max(first, hi - maxEvents + 1);
        List<StoredEvent> events = new ArrayList<>(streamRange(stream, lo, hi, head.offset()));
        Collections.reverse(events);
        return new StreamReadBatch(events, lo == first ? -1 : lo - 1, current, first);
    }

    /** Where a stream stands: its versions, its metadata, whether it was deleted for good. */
    StreamState streamState(String stream) {
        long current = heads.version(stream);
        StreamMetadataStore.Entry e = metadata.get(stream);
        StreamMetadata m = e == null ? StreamMetadata.NONE : e.metadata();
        return new StreamState(stream, current, m.firstVersion(current), m, e != null && e.tombstone());
    }

    PartitionState state() {
        long end = committedEnd;
        Segment[] segs = segments;
        long bytes = 0;
        for (Segment s : segs) {
            bytes += s.size();
        }
        return new PartitionState(id, segs[0].baseOffset(), end, segs.length, bytes);
    }

    java.util.concurrent.CompletableFuture<Void> whenAvailable(long offset) {
        return waiters.await(offset, this::end, describe());
    }

    void failWaiters(RuntimeException cause) {
        waiters.failAll(cause);
    }
}
