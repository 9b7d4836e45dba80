package dev.tributary.log.internal;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.StreamDeletedException;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import dev.tributary.log.Position;
import dev.tributary.log.StorageException;
import dev.tributary.log.StoredEvent;
import dev.tributary.log.StreamAppendResult;
import io.cloudevents.CloudEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The group a {@link PartitionWriter} is committing: checks each request (dedup, expected version) against the
 * committed state <em>and the earlier requests of the same group</em>, and encodes the accepted events into one
 * buffer. Nothing it does is visible until the writer has written the buffer and calls {@link #applyIndexes} and
 * {@link #applyHeads}; {@link #rollback()} forgets the group when the write failed.
 *
 * <p>Not thread-safe: one per writer thread ({@link #current()}), reused for every group of every partition the
 * thread writes (the buffer and record arrays are not reallocated per group). A request that cannot be encoded (an extension of a type CloudEvents does not define) or
 * whose expected version does not hold is rejected on its own, leaving the rest of the group untouched.
 */
final class GroupCommit {
    /** The most a group encodes before the writer cuts it, and the buffer's initial headroom above that. */
    static final int MAX_GROUP_BYTES = 1 << 20;
    private static final int BUFFER_BYTES = MAX_GROUP_BYTES + (64 << 10);
    private static final ThreadLocal<GroupCommit> PER_THREAD =
            ThreadLocal.withInitial(() -> new GroupCommit(BUFFER_BYTES));

    private final RecordCodec codec;
    private Partition partition;
    private DedupWindow dedup;
    private final Map<String, long[]> pendingHeads = new HashMap<>(); // stream -> {version, offset}
    private long groupStart;
    private long groupTime;
    private long nextOffset;
    private int recCount;
    private int[] recPos = new int[1024];
    private CloudEvent[] recEvents = new CloudEvent[1024];
    private String[] recStreams = new String[1024];
    private long[] recVersions = new long[1024];

    /** Where the earlier copy of a duplicate lives. */
    private record Original(Position position, long version) {}

    private GroupCommit(int bufferBytes) {
        this.codec = new RecordCodec(bufferBytes);
    }

    /**
     * The calling writer thread's group. A partition's groups run one at a time on some pool thread, each from
     * {@link #begin} to its completion within one turn, so a buffer per thread serves every partition: memory grows
     * with the writer threads, not with the partitions.
     */
    static GroupCommit current() {
        return PER_THREAD.get();
    }

    /**
     * Starts a group of {@code partition} whose first record gets {@code start} and whose append time is
     * {@code time}.
     */
    void begin(Partition partition, DedupWindow dedup, long start, long time) {
        this.partition = partition;
        this.dedup = dedup;
        Arrays.fill(recEvents, 0, recCount, null);
        codec.clear();
        recCount = 0;
        groupStart = start;
        nextOffset = start;
        groupTime = time;
        pendingHeads.clear();
        dedup.mark();
    }

    /** Drops the references to the partition and its events once the group is completed. */
    void release() {
        Arrays.fill(recEvents, 0, recCount, null);
        recCount = 0;
        pendingHeads.clear();
        partition = null;
        dedup = null;
        codec.trim(BUFFER_BYTES);
    }

    int records() {
        return recCount;
    }

    int bytes() {
        return codec.size();
    }

    /** The offset after the group's last record. */
    long end() {
        return nextOffset;
    }

    /** The encoded records, from position 0, the last one marked as the group's commit record. */
    ByteBuffer encoded() {
        codec.markCommit(recPos[recCount - 1]);
        return codec.buffer().duplicate().flip();
    }

    /** Forgets the group after a failed write: its dedup entries and pending heads. */
    void rollback() {
        dedup.rollback();
        pendingHeads.clear();
        nextOffset = groupStart;
    }

    /** After a successful write at {@code position} of {@code active}: sparse and stream index entries. */
    void applyIndexes(Segment active, long position, int interval) {
        int bytes = codec.size();
        for (int r = 0; r < recCount; r++) {
            int start = recPos[r];
            int size = (r + 1 < recCount ? recPos[r + 1] : bytes) - start;
            long offset = groupStart + r;
            active.indexRecord(offset, groupTime, position + start, size, interval);
            if (recStreams[r] != null) {
                active.indexStream(Hash64.of(recStreams[r]), recVersions[r], offset);
            }
        }
    }

    /** The keys of the group's records in the global order's index: two per record (category or 0, type). */
    long[] indexKeys(KeyIndex index) {
        long[] keys = new long[recCount * 2];
        for (int r = 0; r < recCount; r++) {
            keys[2 * r] = index.categoryKey(recStreams[r]);
            keys[2 * r + 1] = index.typeKey(recEvents[r].getType());
        }
        return keys;
    }

    /** After the committed end moved past the group: the new stream heads. */
    void applyHeads() {
        for (Map.Entry<String, long[]> head : pendingHeads.entrySet()) {
            partition.heads().put(head.getKey(), head.getValue()[0], head.getValue()[1]);
        }
    }

    /** Checks and encodes one request, recording its result or error in it. */
    void process(PartitionWriter.Append a) {
        int savedSize = codec.size();
        int savedRecs = recCount;
        long savedNext = nextOffset;
        int savedDedup = dedup.savepoint();
        try {
            a.result = a.stream == null ? appendEvents(a.events) : appendToStream(a.stream, a.expected, a.events);
        } catch (RuntimeException e) {
            // the request is rejected as a whole (wrong version, bad extension type): undo its part of the group
            a.error = e;
            codec.truncate(savedSize);
            recCount = savedRecs;
            nextOffset = savedNext;
            dedup.rollbackTo(savedDedup);
        }
    }

    private List<Position> appendEvents(List<CloudEvent> events) {
        Position[] out = new Position[events.size()];
        Instant time = Instant.ofEpochMilli(groupTime);
        for (int i = 0; i < out.length; i++) {
            CloudEvent e = events.get(i);
            long hash = 0;
            if (dedup.enabled()) {
                hash = Hash64.of(e.getSource().toString(), e.getId());
                Original original = originalOf(e, hash);
                if (original != null) {
                    out[i] = original.position();
                    continue;
                }
            }
            long offset = encode(e, null, -1);
            if (dedup.enabled()) {
                dedup.record(hash, offset, groupTime);
            }
            out[i] = new Position(partition.id(), offset, time, false);
        }
        return List.of(out);
    }

    private StreamAppendResult appendToStream(String stream, ExpectedVersion expected, List<CloudEvent> events) {
        if (partition.metadata().tombstoned(stream)) {
            throw new StreamDeletedException(stream);
        }
        int n = events.size();
        long[] pending = pendingHeads.get(stream);
        long current = pending != null ? pending[0] : partition.heads().version(stream);
        if (!expected.isMetBy(current)) {
            long first = switch (expected.kind()) {
                case EXACT -> expected.version() + 1;
                case NO_STREAM -> 0;
                default -> -1;
            };
            if (first >= 0 && n > 0 && current >= first + n - 1) {
                StreamAppendResult retry = retryOf(stream, first, events);
                if (retry != null) {
                    return retry;
                }
            }
            throw new WrongExpectedVersionException(stream, expected, current);
        }
        if (n == 0) {
            return new StreamAppendResult(List.of(), current + 1, current, false);
        }
        Original[] originals = new Original[n];
        int duplicates = 0;
        long[] hashes = new long[n];
        if (dedup.enabled()) {
            for (int i = 0; i < n; i++) {
                CloudEvent e = events.get(i);
                hashes[i] = Hash64.of(e.getSource().toString(), e.getId());
                originals[i] = originalOf(e, hashes[i]);
                duplicates += originals[i] != null ? 1 : 0;
            }
        }
        Position[] out = new Position[n];
        if (duplicates == n) {
            for (int i = 0; i < n; i++) {
                out[i] = originals[i].position();
            }
            return new StreamAppendResult(List.of(out), originals[0].version(), originals[n - 1].version(), true);
        }
        Instant time = Instant.ofEpochMilli(groupTime);
        long version = current;
        long firstNew = -1;
        long lastOffset = -1;
        for (int i = 0; i < n; i++) {
            CloudEvent e = events.get(i);
            Original original = originals[i];
            if (original == null && dedup.enabled()) {
                original = originalOf(e, hashes[i]); // an earlier event of this same request
            }
            if (original != null) {
                out[i] = original.position();
                continue;
            }
            version++;
            long offset = encode(e, stream, version);
            if (dedup.enabled()) {
                dedup.record(hashes[i], offset, groupTime);
            }
            out[i] = new Position(partition.id(), offset, time, false);
            firstNew = firstNew < 0 ? version : firstNew;
            lastOffset = offset;
        }
        pendingHeads.put(stream, new long[] {version, lastOffset});
        return new StreamAppendResult(List.of(out), firstNew, version, false);
    }

    /**
     * The original result when the stream's events at versions {@code first..} have the ids and sources of
     * {@code events}, in order; null otherwise.
     */
    private StreamAppendResult retryOf(String stream, long first, List<CloudEvent> events) {
        int n = events.size();
        long last = first + n - 1;
        Position[] positions = new Position[n];
        CloudEvent[] stored = new CloudEvent[n];
        StreamHeads.Head committed = partition.heads().get(stream);
        if (first <= committed.version()) {
            for (StoredEvent s : partition.streamRange(stream, first, Math.min(last, committed.version()),
                    committed.offset())) {
                int i = (int) (s.version() - first);
                stored[i] = s.event();
                positions[i] = new Position(partition.id(), s.offset(), s.time(), true);
            }
        }
        for (int r = 0; r < recCount; r++) {
            if (stream.equals(recStreams[r]) && recVersions[r] >= first && recVersions[r] <= last) {
                int i = (int) (recVersions[r] - first);
                stored[i] = recEvents[r];
                positions[i] = new Position(partition.id(), groupStart + r, Instant.ofEpochMilli(groupTime), true);
            }
        }
        for (int i = 0; i < n; i++) {
            if (stored[i] == null || !sameIdentity(stored[i], events.get(i))) {
                return null;
            }
        }
        return new StreamAppendResult(List.of(positions), first, last, true);
    }

    private Original originalOf(CloudEvent e, long hash) {
        long offset = dedup.lookup(hash);
        if (offset < 0) {
            return null;
        }
        if (offset >= groupStart) {
            int r = (int) (offset - groupStart);
            if (r < recCount && sameIdentity(recEvents[r], e)) {
                return new Original(
                        new Position(partition.id(), offset, Instant.ofEpochMilli(groupTime), true), recVersions[r]);
            }
            return null;
        }
        StoredEvent stored;
        try {
            stored = partition.readOne(offset);
        } catch (StorageException gone) {
            return null; // deleted or unreadable: cannot prove a duplicate, so store it again
        }
        if (stored == null || !sameIdentity(stored.event(), e)) {
            return null;
        }
        return new Original(new Position(partition.id(), offset, stored.time(), true), stored.version());
    }

    private static boolean sameIdentity(CloudEvent a, CloudEvent b) {
        return a.getId().equals(b.getId()) && a.getSource().toString().equals(b.getSource().toString());
    }

    private long encode(CloudEvent e, String stream, long version) {
        if (recCount == recPos.length) {
            int n = recCount * 2;
            recPos = Arrays.copyOf(recPos, n);
            recEvents = Arrays.copyOf(recEvents, n);
            recStreams = Arrays.copyOf(recStreams, n);
            recVersions = Arrays.copyOf(recVersions, n);
        }
        long offset = nextOffset;
        recPos[recCount] = codec.size();
        codec.encode(e, offset, groupTime, stream, version);
        recEvents[recCount] = e;
        recStreams[recCount] = stream;
        recVersions[recCount] = version;
        recCount++;
        nextOffset++;
        return offset;
    }

}
