package dev.tributary.broker;

import dev.tributary.broker.group.ConsumerGroups;
import dev.tributary.broker.snapshot.SnapshotStore;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.Snapshot;
import dev.tributary.core.eventstore.StreamDeletedException;
import dev.tributary.core.eventstore.StreamNotFoundException;
import dev.tributary.core.eventstore.StreamState;
import dev.tributary.log.BusLog;
import dev.tributary.log.Position;
import dev.tributary.log.StreamAppendResult;
import dev.tributary.log.StreamReadBatch;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A named, durable, partitioned log of events. Routes each published event to its partition: the {@code partitionkey}
 * extension (CloudEvents partitioning extension) if present, else {@code source}+{@code id}, which spreads events
 * evenly and sends a retried event to the partition that deduplicates it. Thread-safe.
 */
public final class Bus {
    /** The CloudEvents partitioning extension. */
    public static final String PARTITION_KEY = "partitionkey";

    private final BusSpec spec;
    private final BusLog log;
    private final Path dir;
    private final Clock clock;
    private final SnapshotStore snapshots;
    private ConsumerGroups groups; // guarded by this; made at the first use
    private boolean closed; // guarded by this

    /** A bus whose log, snapshots ({@code snapshots.db}) and consumer groups ({@code groups.db}) live in {@code dir}. */
    Bus(BusSpec spec, BusLog log, Path dir, Clock clock) {
        this.spec = spec;
        this.log = log;
        this.dir = dir;
        this.clock = clock;
        this.snapshots = new SnapshotStore(dir, clock);
    }

    /** The bus's consumer groups, restored from {@code groups.db} at the first call. */
    public synchronized ConsumerGroups groups() {
        if (groups == null) {
            groups = new ConsumerGroups(this, dir, clock);
        }
        return groups;
    }

    /**
     * The bus's consumer groups if it may have any: the registry when it is open, else restored from
     * {@code groups.db} when that file exists. Empty, and nothing opened or created, for a bus that never had a group
     * or that is closed: for readers such as metrics that must not make files.
     */
    public synchronized Optional<ConsumerGroups> groupsIfAny() {
        if (closed || (groups == null && !ConsumerGroups.storedIn(dir))) {
            return Optional.empty();
        }
        return Optional.of(groups());
    }

    public String name() {
        return spec.name();
    }

    public BusSpec spec() {
        return spec;
    }

    public BusLog log() {
        return log;
    }

    /** The partition {@code event} is published to. */
    public int partitionOf(CloudEvent event) {
        Object key = event.getExtension(PARTITION_KEY);
        if (key != null) {
            return log.partitionOf(key.toString());
        }
        return log.partitionOf(event.getSource() + "\u0000" + event.getId());
    }

    /**
     * Publishes events, each to its partition. Completes once every event is durable, with positions in request
     * order. Events of one partition are appended atomically; when the append of every partition fails, the future
     * fails as the log failed; when some partitions were written and others not, it fails with a
     * {@link PartiallyPublishedException} that says what became of each event (ADR 0010).
     */
    public CompletableFuture<List<Position>> publish(List<CloudEvent> events) {
        int partitions = spec.partitions();
        int[] partitionOfEvent = new int[events.size()];
        List<List<CloudEvent>> byPartition = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            byPartition.add(null);
        }
        for (int i = 0; i < events.size(); i++) {
            int p = partitionOf(events.get(i));
            partitionOfEvent[i] = p;
            if (byPartition.get(p) == null) {
                byPartition.set(p, new ArrayList<>());
            }
            byPartition.get(p).add(events.get(i));
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<List<Position>>[] appends = new CompletableFuture[partitions];
        for (int p = 0; p < partitions; p++) {
            if (byPartition.get(p) != null) {
                appends[p] = log.append(p, byPartition.get(p));
            }
        }
        CompletableFuture<?>[] started = Arrays.stream(appends).filter(f -> f != null).toArray(CompletableFuture[]::new);
        if (started.length == 1) {
            return started[0].thenApply(ignored -> appends[partitionOfEvent[0]].join());
        }
        CompletableFuture<List<Position>> all = new CompletableFuture<>();
        CompletableFuture.allOf(started).whenComplete((ignored, failure) -> {
            if (failure == null) {
                all.complete(inRequestOrder(appends, partitionOfEvent));
            } else {
                all.completeExceptionally(partialFailure(appends, partitionOfEvent));
            }
        });
        return all;
    }

    /**
     * The failure of a batch some of whose partitions failed: the log's own when none was written, else one that says
     * where each event went.
     */
    private static Throwable partialFailure(CompletableFuture<List<Position>>[] appends, int[] partitionOfEvent) {
        Throwable first = null;
        boolean anyStored = false;
        for (CompletableFuture<List<Position>> append : appends) {
            if (append == null) {
                continue;
            }
            if (append.isCompletedExceptionally()) {
                first = first != null ? first : append.exceptionNow();
            } else {
                anyStored = true;
            }
        }
        if (!anyStored) {
            return first;
        }
        int[] next = new int[appends.length];
        List<Position> positions = new ArrayList<>(partitionOfEvent.length);
        List<Throwable> failures = new ArrayList<>(partitionOfEvent.length);
        for (int p : partitionOfEvent) {
            boolean failed = appends[p].isCompletedExceptionally();
            positions.add(failed ? null : appends[p].join().get(next[p]++));
            failures.add(failed ? appends[p].exceptionNow() : null);
        }
        return new PartiallyPublishedException(positions, failures);
    }

    private static List<Position> inRequestOrder(CompletableFuture<List<Position>>[] appends, int[] partitionOfEvent) {
        int[] next = new int[appends.length];
        List<Position> positions = new ArrayList<>(partitionOfEvent.length);
        for (int p : partitionOfEvent) {
            positions.add(appends[p].join().get(next[p]++));
        }
        return positions;
    }

    /** Appends events to a stream if {@code expected} holds; see {@link BusLog#appendToStream}. */
    public CompletableFuture<StreamAppendResult> appendToStream(
            String stream, ExpectedVersion expected, List<CloudEvent> events) {
        return log.appendToStream(stream, expected, events);
    }

    /**
     * Stores a snapshot of {@code stream} as its latest (unless a later version is stored). The stream must hold the
     * version: a snapshot of a version it does not have yet would be loaded with events it never saw.
     *
     * @throws StreamDeletedException after a hard delete
     * @throws StreamNotFoundException when nothing was appended to the stream
     * @throws IllegalArgumentException naming {@code version} when it is beyond the stream's current version
     */
    public void saveSnapshot(String stream, Snapshot snapshot) {
        StreamState state = existing(stream);
        if (snapshot.version() > state.currentVersion()) {
            throw new IllegalArgumentException("version " + snapshot.version() + " is beyond the current version "
                    + state.currentVersion() + " of stream '" + stream + "'");
        }
        snapshots.save(stream, snapshot);
    }

    public Optional<Snapshot> snapshot(String stream) {
        existing(stream);
        return snapshots.latest(stream);
    }

    public boolean deleteSnapshot(String stream) {
        return snapshots.delete(stream);
    }

    /** A stream's latest usable snapshot and up to {@code maxEvents} events after it. */
    public record Loaded(Snapshot snapshot, StreamReadBatch events) {}

    /**
     * Loads a stream: its latest snapshot that still fits it (one of a version the stream's metadata no longer keeps
     * the events right after, as before a soft delete, is left out), then the events after it.
     */
    public Loaded load(String stream, int maxEvents) {
        StreamState state = existing(stream);
        Snapshot snapshot = snapshots.latest(stream)
                .filter(s -> s.version() >= state.firstVersion() - 1 && s.version() <= state.currentVersion())
                .orElse(null);
        long from = snapshot != null ? snapshot.version() + 1 : state.firstVersion();
        return new Loaded(snapshot, log.readStream(stream, from, true, maxEvents));
    }

    private StreamState existing(String stream) {
        StreamState state = log.streamState(stream);
        if (state.deleted()) {
            throw new StreamDeletedException(stream);
        }
        if (state.currentVersion() < 0) {
            throw new StreamNotFoundException(stream);
        }
        return state;
    }

    /** Closes the log and the snapshots. */
    void close() {
        try {
            log.close();
        } finally {
            snapshots.close();
            synchronized (this) {
                closed = true;
                if (groups != null) {
                    groups.close();
                }
            }
        }
    }
}
