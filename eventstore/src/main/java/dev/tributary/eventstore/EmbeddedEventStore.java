package dev.tributary.eventstore;

import dev.tributary.broker.Bus;
import dev.tributary.broker.BusDefaults;
import dev.tributary.broker.Buses;
import dev.tributary.broker.group.GroupEngine;
import dev.tributary.core.Names;
import dev.tributary.core.eventstore.AllSlice;
import dev.tributary.core.eventstore.AppendResult;
import dev.tributary.core.eventstore.ConsumerGroup;
import dev.tributary.core.eventstore.DeleteMode;
import dev.tributary.core.eventstore.Direction;
import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.EventStoreException;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.GroupSpec;
import dev.tributary.core.eventstore.LoadedStream;
import dev.tributary.core.eventstore.Selection;
import dev.tributary.core.eventstore.Snapshot;
import dev.tributary.core.eventstore.StoreUnavailableException;
import dev.tributary.core.eventstore.StreamMetadata;
import dev.tributary.core.eventstore.StreamNotFoundException;
import dev.tributary.core.eventstore.StreamSlice;
import dev.tributary.core.eventstore.StreamState;
import dev.tributary.core.eventstore.Subscription;
import dev.tributary.core.eventstore.SubscriptionListener;
import dev.tributary.core.filter.Filter;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.BusLog;
import dev.tributary.log.IndexKey;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import dev.tributary.log.OverloadedException;
import dev.tributary.log.Position;
import dev.tributary.log.StorageException;
import dev.tributary.log.StorageUnavailableException;
import dev.tributary.log.StreamAppendResult;
import dev.tributary.log.StreamReadBatch;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link EventStore} in-process: a directory laid out as a node's data directory ({@code <dir>/buses/<bus>/…}),
 * so a node started on it later serves the same streams, and nothing between the caller and the log but this class.
 *
 * <pre>
 * try (EventStore store = EmbeddedEventStore.open(Path.of("data"), EventStoreOptions.defaults())) {
 *     store.appendToStream("cart-1", ExpectedVersion.noStream(), List.of(event)).join();
 * }
 * </pre>
 *
 * <p>Thread-safe. Appends complete on a writer thread once durable (hop to your own executor before blocking work);
 * reads run on the caller's thread; each subscription has a virtual thread. Failures are {@link EventStoreException}s
 * (the log's storage failures become {@link StoreUnavailableException}, or an {@code EventStoreException} naming
 * the cause).
 */
public final class EmbeddedEventStore implements EventStore {
    static final long MAX_READ_BYTES = 16L * 1024 * 1024;
    private static final int MAX_READ_COUNT = 10_000;

    private final Buses buses;
    private final Bus bus;
    private final EventStoreOptions options;
    private final Set<CatchUpSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicLong subscriptionIds = new AtomicLong();
    private volatile boolean closed;

    private EmbeddedEventStore(Buses buses, Bus bus, EventStoreOptions options) {
        this.buses = buses;
        this.bus = bus;
        this.options = options;
    }

    /** Opens (creating when needed) the store in {@code directory}, recovering it after an unclean stop. */
    public static EmbeddedEventStore open(Path directory, EventStoreOptions options) {
        Buses buses = Buses.open(directory,
                new BusDefaults(options.durability(), LogConfig.DEFAULT_SEGMENT_BYTES, LogConfig.DEFAULT_DEDUP_WINDOW),
                Clock.systemUTC(), name -> LogListener.NONE);
        try {
            Bus bus = buses.find(options.bus())
                    .orElseGet(() -> buses.create(options.bus(), options.partitions(), null, -1, true));
            if (!bus.spec().globalOrder()) {
                throw new IllegalArgumentException("bus '" + options.bus() + "' in " + directory
                        + " was created without a global order; an event store needs one");
            }
            return new EmbeddedEventStore(buses, bus, options);
        } catch (RuntimeException e) {
            buses.close();
            throw e;
        }
    }

    public EventStoreOptions options() {
        return options;
    }

    @Override
    public CompletableFuture<AppendResult> appendToStream(
            String stream, ExpectedVersion expected, List<CloudEvent> events) {
        requireStream(stream);
        ensureOpen();
        return translated(bus.appendToStream(stream, expected, events)).thenApply(EmbeddedEventStore::resultOf);
    }

    private static AppendResult resultOf(StreamAppendResult r) {
        long position = r.duplicate() || r.positions().isEmpty() ? -1 : firstNew(r.positions());
        return new AppendResult(r.firstVersion(), r.currentVersion(), position, r.duplicate());
    }

    private static long firstNew(List<Position> positions) {
        for (Position p : positions) {
            if (!p.duplicate()) {
                return p.globalPosition();
            }
        }
        return -1;
    }

    @Override
    public StreamSlice readStream(String stream, long fromVersion, Direction direction, int maxCount) {
        requireStream(stream);
        requireCount(maxCount);
        ensureOpen();
        StreamReadBatch batch;
        try {
            batch = bus.log().readStream(stream, fromVersion, direction == Direction.FORWARD, maxCount);
        } catch (StorageException e) {
            throw translate(e);
        }
        if (batch.currentVersion() < 0) {
            throw new StreamNotFoundException(stream);
        }
        return new StreamSlice(Recorded.all(batch.events()), batch.nextVersion(), batch.currentVersion(),
                batch.firstVersion());
    }

    @Override
    public StreamState streamState(String stream) {
        requireStream(stream);
        ensureOpen();
        return bus.log().streamState(stream);
    }

    @Override
    public CompletableFuture<StreamState> setStreamMetadata(String stream, StreamMetadata metadata) {
        requireStream(stream);
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required (StreamMetadata.NONE clears it)");
        }
        ensureOpen();
        return translated(bus.log().setStreamMetadata(stream, metadata));
    }

    @Override
    public CompletableFuture<StreamState> deleteStream(String stream, ExpectedVersion expected, DeleteMode mode) {
        requireStream(stream);
        if (expected == null || mode == null) {
            throw new IllegalArgumentException("expected and mode are required");
        }
        ensureOpen();
        return translated(bus.log().deleteStream(stream, expected, mode == DeleteMode.HARD));
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(String stream, Snapshot snapshot) {
        requireStream(stream);
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot is required");
        }
        ensureOpen();
        try {
            bus.saveSnapshot(stream, snapshot);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(translate(e));
        }
    }

    @Override
    public Optional<Snapshot> readSnapshot(String stream) {
        requireStream(stream);
        ensureOpen();
        return bus.snapshot(stream);
    }

    @Override
    public boolean deleteSnapshot(String stream) {
        requireStream(stream);
        ensureOpen();
        return bus.deleteSnapshot(stream);
    }

    @Override
    public LoadedStream loadStream(String stream, int maxCount) {
        requireStream(stream);
        requireCount(maxCount);
        ensureOpen();
        Bus.Loaded loaded;
        try {
            loaded = bus.load(stream, maxCount);
        } catch (StorageException e) {
            throw translate(e);
        }
        StreamReadBatch batch = loaded.events();
        return new LoadedStream(loaded.snapshot(), Recorded.all(batch.events()), batch.nextVersion(),
                batch.currentVersion());
    }

    private static <T> CompletableFuture<T> translated(CompletableFuture<T> future) {
        return future.handle((result, error) -> {
            if (error != null) {
                throw new CompletionException(translate(error));
            }
            return result;
        });
    }

    @Override
    public AllSlice readAll(long fromPosition, Direction direction, int maxCount) {
        return read(null, fromPosition, direction, maxCount);
    }

    @Override
    public AllSlice readCategory(String category, long fromPosition, Direction direction, int maxCount) {
        return read(IndexKey.category(Names.requireCategory(category)), fromPosition, direction, maxCount);
    }

    @Override
    public AllSlice readEventType(String type, long fromPosition, Direction direction, int maxCount) {
        return read(IndexKey.eventType(Names.requireEventType(type)), fromPosition, direction, maxCount);
    }

    /** A read of the global order, all of it ({@code key} null) or of one index key. */
    private AllSlice read(IndexKey key, long fromPosition, Direction direction, int maxCount) {
        requireCount(maxCount);
        ensureOpen();
        BusLog log = bus.log();
        boolean forward = direction == Direction.FORWARD;
        AllReadBatch batch;
        try {
            if (key != null) {
                batch = log.readIndex(key, fromPosition, forward, maxCount, MAX_READ_BYTES);
            } else {
                batch = forward
                        ? log.readAll(fromPosition, maxCount, MAX_READ_BYTES)
                        : log.readAllBackward(fromPosition, maxCount, MAX_READ_BYTES);
            }
        } catch (StorageException e) {
            throw translate(e);
        }
        return new AllSlice(Recorded.all(batch.events()), batch.nextPosition(), batch.firstPosition(),
                batch.endPosition());
    }

    @Override
    public Subscription subscribe(Selection selection, long fromPosition, SubscriptionListener listener) {
        if (selection == null) {
            throw new IllegalArgumentException("selection is required");
        }
        if (fromPosition < 0) {
            throw new IllegalArgumentException("fromPosition < 0");
        }
        IndexKey key = switch (selection.kind()) {
            case ALL -> null;
            case CATEGORY -> IndexKey.category(selection.value());
            case EVENT_TYPE -> IndexKey.eventType(selection.value());
        };
        Filter filter = selection.filter() == null ? null : Filter.cesql(selection.filter());
        return subscribe(selection.kind().name().toLowerCase(java.util.Locale.ROOT),
                new AllFeed(bus.log(), key, filter), fromPosition, listener);
    }

    @Override
    public Subscription subscribeToStream(String stream, long fromVersion, SubscriptionListener listener) {
        requireStream(stream);
        if (fromVersion < 0) {
            throw new IllegalArgumentException("fromVersion < 0");
        }
        return subscribe(stream, new StreamFeed(bus.log(), stream), fromVersion, listener);
    }

    private Subscription subscribe(String what, Feed feed, long from, SubscriptionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is required");
        }
        ensureOpen();
        if (subscriptions.size() >= options.maxSubscriptions()) {
            throw new EventStoreException("at most " + options.maxSubscriptions()
                    + " subscriptions may be open at once (option maxSubscriptions)");
        }
        CatchUpSubscription s = new CatchUpSubscription(what + "-" + subscriptionIds.incrementAndGet(), feed, from,
                listener, options.fellBehindThreshold(), this::ended);
        subscriptions.add(s);
        s.start();
        return s;
    }

    @Override
    public ConsumerGroup createGroup(GroupSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec is required");
        }
        ensureOpen();
        try {
            return grouped(bus.groups().create(spec));
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public ConsumerGroup group(String name) {
        ensureOpen();
        return grouped(bus.groups().get(name));
    }

    @Override
    public List<ConsumerGroup> groups() {
        ensureOpen();
        return bus.groups().list().stream().map(this::grouped).toList();
    }

    @Override
    public void deleteGroup(String name) {
        ensureOpen();
        try {
            bus.groups().delete(name);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    private ConsumerGroup grouped(GroupEngine engine) {
        return new EmbeddedGroup(engine, this::ensureOpen);
    }

    /** A subscription's thread ended: {@link #close()} may be waiting for the last one. */
    private void ended(CatchUpSubscription s) {
        subscriptions.remove(s);
        synchronized (subscriptions) {
            subscriptions.notifyAll();
        }
    }

    /** Ends the subscriptions (waiting up to 10 s for their listeners to return), then closes the bus. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.forEach(CatchUpSubscription::close);
        long deadline = System.currentTimeMillis() + 10_000;
        synchronized (subscriptions) {
            while (!subscriptions.isEmpty() && System.currentTimeMillis() < deadline) {
                try {
                    subscriptions.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        buses.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the event store is closed");
        }
    }

    private static void requireStream(String stream) {
        Names.requireStreamId(stream);
    }

    private static void requireCount(int maxCount) {
        if (maxCount < 1 || maxCount > MAX_READ_COUNT) {
            throw new IllegalArgumentException("maxCount must be within 1.." + MAX_READ_COUNT + ", was " + maxCount);
        }
    }

    /** The log's failures as the store's. */
    static RuntimeException translate(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof EventStoreException s) {
            return s;
        }
        if (e instanceof StorageUnavailableException || e instanceof OverloadedException) {
            return new StoreUnavailableException(e.getMessage(), e);
        }
        if (e instanceof StorageException) {
            return new EventStoreException(e.getMessage(), e);
        }
        return e instanceof RuntimeException r ? r : new CompletionException(e);
    }
}
