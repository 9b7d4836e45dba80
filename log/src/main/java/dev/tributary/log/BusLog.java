package dev.tributary.log;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.PositionOutOfRangeException;
import dev.tributary.core.eventstore.StreamDeletedException;
import dev.tributary.core.eventstore.StreamMetadata;
import dev.tributary.core.eventstore.StreamNotFoundException;
import dev.tributary.core.eventstore.StreamState;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, partitioned log of one bus, stored in a directory ({@code <dir>/<partition>/<base offset>.log}).
 *
 * <p>Thread-safe. Each partition has one writer, running in turns on a {@link WriterPool} thread, that groups
 * concurrent appends into one write and one fsync;
 * an append's future completes only after its group is durable ({@link Durability}). Readers see only durable
 * events. Asynchronous failures complete the future exceptionally with {@link StorageUnavailableException} (the disk
 * refused the write; nothing of the batch is visible) or {@link WrongExpectedVersionException}; reads throw
 * {@link OffsetOutOfRangeException} or {@link CorruptLogException}.
 */
public interface BusLog extends AutoCloseable {

    /**
     * Opens (creating if needed) the log in {@code dir}, recovering from an unclean stop: the torn tail of each
     * partition is truncated at the first bad record and derived indexes are rebuilt.
     */
    static BusLog open(Path dir, String busName, LogConfig config, Clock clock, LogListener listener) {
        return dev.tributary.log.internal.FileBusLog.open(dir, busName, config, clock, listener);
    }

    /** {@link #open(Path, String, LogConfig, Clock, LogListener)} writing on a pool shared with other logs. */
    static BusLog open(Path dir, String busName, LogConfig config, Clock clock, LogListener listener, WriterPool pool) {
        return dev.tributary.log.internal.FileBusLog.open(dir, busName, config, clock, listener, pool);
    }

    LogConfig config();

    /** The partition a stream or partition key belongs to; stable across restarts and versions. */
    int partitionOf(String key);

    /**
     * Appends events to one partition, atomically: all or none become visible. Each event whose {@code source}+{@code
     * id} was accepted within the dedup window is not written again; its position is the original one, marked
     * duplicate.
     */
    CompletableFuture<List<Position>> append(int partition, List<CloudEvent> events);

    /**
     * Appends events to a stream (in partition {@link #partitionOf(String) partitionOf(stream)}) if {@code expected}
     * holds, atomically with the check. A retry of an earlier append (the same event ids, in order, at the versions
     * right after {@code expected}) returns the original result, marked duplicate, and writes nothing.
     */
    CompletableFuture<StreamAppendResult> appendToStream(String stream, ExpectedVersion expected, List<CloudEvent> events);

    /** Reads up to {@code maxEvents} events (and about {@code maxBytes}) of a partition from {@code fromOffset}. */
    ReadBatch read(int partition, long fromOffset, int maxEvents, long maxBytes);

    /** The first offset whose append time is at or after {@code time}; the end offset if there is none. */
    long offsetAt(int partition, Instant time);

    /**
     * Reads a stream from {@code fromVersion} (inclusive), forward or backward, up to {@code maxEvents}. A backward
     * read from {@code Long.MAX_VALUE} starts at the last event. Uses the stream index: never scans the partition.
     */
    StreamReadBatch readStream(String stream, long fromVersion, boolean forward, int maxEvents);

    /**
     * Reads the bus in its global order ({@code $all}) from position {@code fromPosition} (inclusive), up to
     * {@code maxEvents} events and about {@code maxBytes}. Positions are gap-free and in commit order; a reader sees
     * a position only once every position below it is durable, so it never sees N+1 before N, and the order is the
     * same for every reader and after every restart. Events that retention deleted are skipped; a read from their
     * positions continues at the next stored one.
     *
     * @throws PositionOutOfRangeException when {@code fromPosition} is beyond the end or below the first readable
     * @throws IllegalStateException when the bus keeps no global order ({@link LogConfig#globalOrder()})
     */
    AllReadBatch readAll(long fromPosition, int maxEvents, long maxBytes);

    /**
     * Reads the global order backward from {@code fromPosition} (inclusive; {@code Long.MAX_VALUE} for the last
     * event), newest first. Bounds and failures as {@link #readAll}.
     */
    AllReadBatch readAllBackward(long fromPosition, int maxEvents, long maxBytes);

    /**
     * Reads the events of one category of streams or of one event type ({@link IndexKey}) in the global order, from
     * {@code fromPosition} (inclusive) forward, or backward from it ({@code Long.MAX_VALUE} for the last). Uses the
     * bus's index: never walks the order. {@link AllReadBatch#nextPosition()} is where the next read goes on, past
     * every position looked at even when none of them matched (forward, at the end once nothing more matches), so a
     * reader can store it as a checkpoint. Bounds and failures as {@link #readAll}.
     */
    AllReadBatch readIndex(IndexKey key, long fromPosition, boolean forward, int maxEvents, long maxBytes);

    /** The first position of the global order whose event is still stored. */
    long firstPosition();

    /** The position the next event appended to the bus gets; every position below it is readable or deleted. */
    long endPosition();

    /**
     * Completes (on a writer pool thread; hop to your own executor) once the global order holds a position at or
     * after {@code position}; at once if it already does.
     */
    CompletableFuture<Void> whenAllAvailable(long position);

    /** Where a stream stands: its last and first kept versions, its metadata, whether it was deleted for good. */
    StreamState streamState(String stream);

    /**
     * Replaces a stream's metadata ({@link StreamMetadata#NONE} clears it); completes once it is durable, with the
     * stream's state after. Its limits apply to every read from then on. Fails with {@link StreamDeletedException}
     * after a hard delete.
     */
    CompletableFuture<StreamState> setStreamMetadata(String stream, StreamMetadata metadata);

    /**
     * Deletes a stream if {@code expected} holds. Soft: every version up to the current one is hidden from every read
     * (the stream, the global order and its indexes), and appends go on at the next version. Hard: the same, and a
     * tombstone: later appends, reads and metadata changes fail with {@link StreamDeletedException}. Positions of
     * other events do not change; the space is reclaimed when whole segments hold nothing visible. Fails with
     * {@link StreamNotFoundException} when nothing was ever appended to the stream.
     */
    CompletableFuture<StreamState> deleteStream(String stream, ExpectedVersion expected, boolean hard);

    /** The stream's last version, -1 if it does not exist. */
    long streamVersion(String stream);

    /**
     * Completes (on a writer pool thread; hop to your own executor) once {@code partition} holds a durable event at or
     * after {@code offset}; at once if it already does.
     */
    CompletableFuture<Void> whenAvailable(int partition, long offset);

    PartitionState state(int partition);

    /** Deletes whole segments that fall out of the retention by age or size. Returns the number deleted. */
    int enforceRetention();

    /** Stops the writers after draining queued appends, and closes the files. */
    @Override
    void close();

    /** Closes the files and deletes the whole directory. */
    void delete();
}
