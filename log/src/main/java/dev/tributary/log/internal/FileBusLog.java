package dev.tributary.log.internal;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.StreamDeletedException;
import dev.tributary.core.eventstore.StreamMetadata;
import dev.tributary.core.eventstore.StreamNotFoundException;
import dev.tributary.core.eventstore.StreamState;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.BusLog;
import dev.tributary.log.Durability;
import dev.tributary.log.IndexKey;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import dev.tributary.log.PartitionState;
import dev.tributary.log.Position;
import dev.tributary.log.ReadBatch;
import dev.tributary.log.StorageException;
import dev.tributary.log.StorageUnavailableException;
import dev.tributary.log.StreamAppendResult;
import dev.tributary.log.StreamReadBatch;
import dev.tributary.log.WriterPool;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The embedded {@link BusLog}: one directory per partition, each with a {@link PartitionWriter} that runs its turns on
 * a shared {@link WriterPool} (or on a one-thread pool of its own when none is given).
 *
 * <p>Thread-safe. Appends go through the partition's writer queue; reads go straight to the partition. Failure modes
 * are those of {@link BusLog}; misuse (an unknown partition, a closed log) is {@link IllegalArgumentException} /
 * {@link IllegalStateException}.
 */
public final class FileBusLog implements BusLog {
    private final Path dir;
    private final String busName;
    private final LogConfig config;
    private final Clock clock;
    private final Partition[] partitions;
    private final PartitionWriter[] writers;
    private final GlobalOrder order; // null when the bus keeps none
    private final WriterPool ownPool;
    private volatile boolean closed;

    private FileBusLog(Path dir, String busName, LogConfig config, Clock clock, Partition[] partitions,
            PartitionWriter[] writers, GlobalOrder order, WriterPool ownPool) {
        this.dir = dir;
        this.busName = busName;
        this.config = config;
        this.clock = clock;
        this.partitions = partitions;
        this.writers = writers;
        this.order = order;
        this.ownPool = ownPool;
    }

    public static FileBusLog open(Path dir, String busName, LogConfig config, Clock clock, LogListener listener) {
        return open(dir, busName, config, clock, listener, (WriterPool) null);
    }

    /** Opens the log writing on {@code pool}; a null pool gives the log a one-thread pool of its own. */
    public static FileBusLog open(
            Path dir, String busName, LogConfig config, Clock clock, LogListener listener, WriterPool pool) {
        return open(dir, busName, config, clock, listener, FileChannels.DEFAULT, pool);
    }

    static FileBusLog open(
            Path dir, String busName, LogConfig config, Clock clock, LogListener listener, FileChannels channels) {
        return open(dir, busName, config, clock, listener, channels, null);
    }

    static FileBusLog open(Path dir, String busName, LogConfig config, Clock clock, LogListener listener,
            FileChannels channels, WriterPool pool) {
        return open(dir, busName, config, clock, listener, channels, pool, OrderRecovery.DEFAULT_ENTRIES_PER_SEGMENT,
                KeyIndex.DEFAULT_EVENTS_PER_FILE);
    }

    static FileBusLog open(Path dir, String busName, LogConfig config, Clock clock, LogListener listener,
            FileChannels channels, WriterPool pool, int orderEntriesPerSegment, int keysPerFile) {
        if (busName == null || busName.isBlank()) {
            throw new IllegalArgumentException("busName is required");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("bus '" + busName + "': cannot create " + dir + ": " + e, e);
        }
        LogListener l = listener == null ? LogListener.NONE : listener;
        int n = config.partitions();
        Partition[] partitions = new Partition[n];
        PartitionWriter[] writers = new PartitionWriter[n];
        WriterPool ownPool = pool == null ? WriterPool.of(1) : null;
        Executor executor = (pool == null ? ownPool : pool).executor();
        GlobalOrder order = null;
        try {
            Recovery.Recovered[] recovered = new Recovery.Recovered[n];
            for (int p = 0; p < n; p++) {
                recovered[p] = Recovery.open(dir, busName, p, config, clock, l, channels);
                partitions[p] = recovered[p].partition();
            }
            if (config.globalOrder()) {
                order = OrderRecovery.open(dir, busName, partitions, config, channels, executor,
                        orderEntriesPerSegment, keysPerFile);
            }
            for (int p = 0; p < n; p++) {
                Recovery.Recovered r = recovered[p];
                writers[p] = new PartitionWriter(
                        r.partition(), config, clock, channels, r.dedup(), r.lastTime(), executor, order);
            }
        } catch (RuntimeException e) {
            closeOpened(partitions, ownPool);
            throw e;
        }
        return new FileBusLog(dir, busName, config, clock, partitions, writers, order, ownPool);
    }

    @Override
    public LogConfig config() {
        return config;
    }

    /** {@code floorMod(CRC32C(UTF-8 bytes of key), partitions)}: stable across restarts, versions and platforms. */
    @Override
    public int partitionOf(String key) {
        CRC32C crc = new CRC32C();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) Math.floorMod(crc.getValue(), (long) config.partitions());
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<Position>> append(int partition, List<CloudEvent> events) {
        check(partition);
        validate(events);
        PartitionWriter.Append a = new PartitionWriter.Append(List.copyOf(events), null, null);
        return writers[partition].submit(a).thenApply(r -> (List<Position>) r);
    }

    @Override
    public CompletableFuture<StreamAppendResult> appendToStream(
            String stream, ExpectedVersion expected, List<CloudEvent> events) {
        if (stream == null || stream.isEmpty()) {
            throw new IllegalArgumentException("stream is required");
        }
        if (expected == null) {
            throw new IllegalArgumentException("expected version is required");
        }
        validate(events);
        PartitionWriter.Append a = new PartitionWriter.Append(List.copyOf(events), stream, expected);
        return writers[partitionOf(stream)].submit(a).thenApply(r -> (StreamAppendResult) r);
    }

    private static void validate(List<CloudEvent> events) {
        if (events == null) {
            throw new IllegalArgumentException("events is required");
        }
        for (CloudEvent e : events) {
            if (e == null) {
                throw new IllegalArgumentException("events must not contain null");
            }
        }
    }

    @Override
    public ReadBatch read(int partition, long fromOffset, int maxEvents, long maxBytes) {
        check(partition);
        ensureOpen();
        return partitions[partition].read(fromOffset, maxEvents, maxBytes);
    }

    @Override
    public long offsetAt(int partition, Instant time) {
        check(partition);
        ensureOpen();
        return partitions[partition].offsetAt(time);
    }

    @Override
    public StreamReadBatch readStream(String stream, long fromVersion, boolean forward, int maxEvents) {
        ensureOpen();
        return partitions[partitionOf(stream)].readStream(stream, fromVersion, forward, maxEvents);
    }

    @Override
    public AllReadBatch readAll(long fromPosition, int maxEvents, long maxBytes) {
        return new AllReader(busName, partitions, ordered()).read(fromPosition, true, maxEvents, maxBytes);
    }

    @Override
    public AllReadBatch readAllBackward(long fromPosition, int maxEvents, long maxBytes) {
        return new AllReader(busName, partitions, ordered()).read(fromPosition, false, maxEvents, maxBytes);
    }

    @Override
    public AllReadBatch readIndex(IndexKey key, long fromPosition, boolean forward, int maxEvents, long maxBytes) {
        return new IndexReader(busName, config, partitions, ordered()).read(key, fromPosition, forward, maxEvents,
                maxBytes);
    }

    @Override
    public long firstPosition() {
        return ordered().first();
    }

    @Override
    public long endPosition() {
        return ordered().end();
    }

    @Override
    public CompletableFuture<Void> whenAllAvailable(long position) {
        CompletableFuture<Void> available = ordered().whenAvailable(position);
        if (closed && !available.isDone()) {
            available.completeExceptionally(new IllegalStateException("bus '" + busName + "' log is closed"));
        }
        return available;
    }

    private GlobalOrder ordered() {
        ensureOpen();
        if (order == null) {
            throw new IllegalStateException("bus '" + busName + "' keeps no global order");
        }
        return order;
    }

    @Override
    public StreamState streamState(String stream) {
        ensureOpen();
        return partitions[partitionOf(stream)].streamState(stream);
    }

    @Override
    public CompletableFuture<StreamState> setStreamMetadata(String stream, StreamMetadata metadata) {
        ensureOpen();
        Partition partition = partitions[partitionOf(stream)];
        return changeMetadata(partition, () -> {
            StreamMetadataStore.Entry now = partition.metadata().get(stream);
            if (now != null && now.tombstone()) {
                throw new StreamDeletedException(stream);
            }
            return new StreamMetadataStore.Entry(metadata, false);
        }, stream);
    }

    @Override
    public CompletableFuture<StreamState> deleteStream(String stream, ExpectedVersion expected, boolean hard) {
        ensureOpen();
        Partition partition = partitions[partitionOf(stream)];
        return changeMetadata(partition, () -> {
            StreamState state = partition.streamState(stream);
            if (state.deleted()) {
                throw new StreamDeletedException(stream);
            }
            if (!expected.isMetBy(state.currentVersion())) {
                throw new WrongExpectedVersionException(stream, expected, state.currentVersion());
            }
            if (state.currentVersion() < 0) {
                throw new StreamNotFoundException(stream);
            }
            StreamMetadata truncated = state.metadata().withTruncateBefore(state.currentVersion() + 1);
            return new StreamMetadataStore.Entry(truncated, hard);
        }, stream);
    }

    /** In a turn of the stream's writer: decides the stream's new metadata, makes it durable, answers the state. */
    private CompletableFuture<StreamState> changeMetadata(Partition partition,
            Supplier<StreamMetadataStore.Entry> decide, String stream) {
        return writers[partition.id()].execute(() -> {
            StreamMetadataStore.Entry entry = decide.get();
            try {
                partition.metadata().put(stream, entry, config.durability() == Durability.FSYNC);
            } catch (IOException e) {
                throw new StorageUnavailableException(partition.describe() + ": could not write the metadata of stream '"
                        + stream + "': " + e, e);
            }
            return partition.streamState(stream);
        }).thenApply(StreamState.class::cast);
    }

    @Override
    public long streamVersion(String stream) {
        return partitions[partitionOf(stream)].heads().version(stream);
    }

    @Override
    public CompletableFuture<Void> whenAvailable(int partition, long offset) {
        check(partition);
        ensureOpen();
        Partition p = partitions[partition];
        if (p.end() > offset) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> available = p.whenAvailable(offset);
        if (closed) {
            // closed since the check: the writer may have failed its waiters before this one was added
            available.completeExceptionally(new IllegalStateException("bus '" + busName + "' log is closed"));
        }
        return available;
    }

    @Override
    public PartitionState state(int partition) {
        check(partition);
        return partitions[partition].state();
    }

    @Override
    public int enforceRetention() {
        ensureOpen();
        long now = clock.millis();
        int deleted = 0;
        for (int p = 0; p < partitions.length; p++) {
            Partition partition = partitions[p];
            PartitionWriter writer = writers[p];
            deleted += (Integer) join(writer.execute(() -> Retention.enforce(partition, writer, config, now)));
        }
        if (order != null) {
            order.retire();
        }
        return deleted;
    }

    /** Rolls the active segment of a partition now (tests and tools). */
    void roll(int partition) {
        PartitionWriter writer = writers[partition];
        join(writer.execute(() -> {
            writer.roll();
            return null;
        }));
    }

    KeyIndex keyIndex() {
        return ordered().keyIndex();
    }

    Partition partition(int p) {
        return partitions[p];
    }

    PartitionWriter writer(int p) {
        return writers[p];
    }

    private static Object join(CompletableFuture<Object> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new CompletionException(cause);
        }
    }

    private void check(int partition) {
        if (partition < 0 || partition >= partitions.length) {
            throw new IllegalArgumentException(
                    "partition must be within 0.." + (partitions.length - 1) + ", was " + partition);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("bus '" + busName + "' log is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> stops = new ArrayList<>(writers.length);
        for (PartitionWriter w : writers) {
            stops.add(w.stop()); // all at once: the pool drains them in parallel
        }
        stops.forEach(PartitionWriter::stopped);
        if (order != null) {
            order.close(); // after the writers: it sequences their last groups
        }
        closeOpened(partitions, ownPool);
    }

    /** Closes the segment files of the partitions opened so far, and the log's own pool. */
    private static void closeOpened(Partition[] partitions, WriterPool ownPool) {
        for (Partition p : partitions) {
            if (p != null) {
                for (Segment s : p.segments()) {
                    s.closeQuietly();
                }
                if (p.metadata() != null) {
                    p.metadata().close();
                }
            }
        }
        if (ownPool != null) {
            ownPool.close();
        }
    }

    @Override
    public void delete() {
        close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new StorageException("bus '" + busName + "': cannot delete " + dir + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "FileBusLog[" + busName + " at " + dir + ", " + partitions.length + " partitions]";
    }
}
