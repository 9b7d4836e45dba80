package dev.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.Names;
import dev.tributary.core.eventstore.AllSlice;
import dev.tributary.core.eventstore.AppendResult;
import dev.tributary.core.eventstore.ConsumerGroup;
import dev.tributary.core.eventstore.DeleteMode;
import dev.tributary.core.eventstore.Direction;
import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.EventStoreException;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.GroupExistsException;
import dev.tributary.core.eventstore.GroupNotFoundException;
import dev.tributary.core.eventstore.GroupSpec;
import dev.tributary.core.eventstore.LeaseLostException;
import dev.tributary.core.eventstore.LoadedStream;
import dev.tributary.core.eventstore.PositionOutOfRangeException;
import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.Selection;
import dev.tributary.core.eventstore.Snapshot;
import dev.tributary.core.eventstore.StoreUnavailableException;
import dev.tributary.core.eventstore.StreamDeletedException;
import dev.tributary.core.eventstore.StreamMetadata;
import dev.tributary.core.eventstore.StreamNotFoundException;
import dev.tributary.core.eventstore.StreamSlice;
import dev.tributary.core.eventstore.StreamState;
import dev.tributary.core.eventstore.Subscription;
import dev.tributary.core.eventstore.SubscriptionListener;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import dev.tributary.core.filter.Filter;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The {@link EventStore} of one bus of a remote node, over this client's HTTP connection: the same calls, results
 * and exceptions as the embedded store, so an application moves between the two by changing one line.
 *
 * <p>Thread-safe. Appends run on virtual threads (the futures complete there); reads on the caller's thread;
 * each subscription follows the node's Server-Sent Events on a virtual thread of its own and, when the connection
 * drops, reconnects from its checkpoint (the node's {@code Last-Event-ID}), so a restart of the node costs a pause,
 * not a gap nor a duplicate. The node's refusals become the store's exceptions; a node that cannot be reached is a
 * {@link StoreUnavailableException}. A remote subscription is told when it caught up, not when it fell behind (the
 * node's follow does not say).
 */
public final class RemoteEventStore implements EventStore {
    private final TributaryClient client;
    private final Transport transport;
    private final String bus;
    private final ExecutorService appends = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<RemoteSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    RemoteEventStore(TributaryClient client, Transport transport, String bus) {
        this.client = client;
        this.transport = transport;
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    @Override
    public CompletableFuture<AppendResult> appendToStream(
            String stream, ExpectedVersion expected, List<CloudEvent> events) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(events, "events");
        return onAppendThread(() -> {
            StreamAppendResult r = client.appendToStream(bus, stream, expected, events);
            long position = r.duplicate() ? -1 : firstNew(r.positions());
            return new AppendResult(r.firstVersion(), r.currentVersion(), position, r.duplicate());
        }, stream, expected);
    }

    private static long firstNew(List<Position> positions) {
        for (Position p : positions) {
            if (!p.duplicate()) {
                return p.position();
            }
        }
        return -1;
    }

    @Override
    public StreamSlice readStream(String stream, long fromVersion, Direction direction, int maxCount) {
        StreamPage page;
        try {
            page = client.readStream(bus, stream, fromVersion, direction, maxCount);
        } catch (RuntimeException e) {
            throw translate(e, stream, null, fromVersion);
        }
        if (page.currentVersion() < 0) {
            throw new StreamNotFoundException(stream);
        }
        return new StreamSlice(recorded(page.events()), page.next(), page.currentVersion(), page.firstVersion());
    }

    @Override
    public StreamState streamState(String stream) {
        Names.requireStreamId(stream);
        try {
            return client.streamState(bus, stream);
        } catch (RuntimeException e) {
            throw translate(e, stream, null, -1);
        }
    }

    @Override
    public CompletableFuture<StreamState> setStreamMetadata(String stream, StreamMetadata metadata) {
        Names.requireStreamId(stream);
        Objects.requireNonNull(metadata, "metadata");
        return onAppendThread(() -> client.setStreamMetadata(bus, stream, metadata), stream, null);
    }

    @Override
    public CompletableFuture<StreamState> deleteStream(String stream, ExpectedVersion expected, DeleteMode mode) {
        Names.requireStreamId(stream);
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(mode, "mode");
        return onAppendThread(() -> client.deleteStream(bus, stream, expected, mode), stream, expected);
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(String stream, Snapshot snapshot) {
        Names.requireStreamId(stream);
        Objects.requireNonNull(snapshot, "snapshot");
        return onAppendThread(() -> {
            client.saveSnapshot(bus, stream, snapshot);
            return null;
        }, stream, null);
    }

    @Override
    public Optional<Snapshot> readSnapshot(String stream) {
        Names.requireStreamId(stream);
        try {
            return client.readSnapshot(bus, stream);
        } catch (RuntimeException e) {
            throw translate(e, stream, null, -1);
        }
    }

    @Override
    public boolean deleteSnapshot(String stream) {
        Names.requireStreamId(stream);
        try {
            return client.deleteSnapshot(bus, stream);
        } catch (RuntimeException e) {
            throw translate(e, stream, null, -1);
        }
    }

    @Override
    public LoadedStream loadStream(String stream, int maxCount) {
        Names.requireStreamId(stream);
        LoadedPage page;
        try {
            page = client.loadStream(bus, stream, maxCount);
        } catch (RuntimeException e) {
            throw translate(e, stream, null, -1);
        }
        return new LoadedStream(page.snapshot(), recorded(page.events().events()), page.events().next(),
                page.events().currentVersion());
    }

    /** A change of a stream, on a virtual thread as appends are, its failures translated. */
    private <T> CompletableFuture<T> onAppendThread(Supplier<T> call, String stream, ExpectedVersion expected) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.get();
            } catch (RuntimeException e) {
                throw translate(e, stream, expected, -1);
            }
        }, appends);
    }

    @Override
    public AllSlice readAll(long fromPosition, Direction direction, int maxCount) {
        return slice(() -> client.readAll(bus, fromPosition, direction, maxCount), fromPosition);
    }

    @Override
    public AllSlice readCategory(String category, long fromPosition, Direction direction, int maxCount) {
        Names.requireCategory(category);
        return slice(() -> client.readCategory(bus, category, fromPosition, direction, maxCount), fromPosition);
    }

    @Override
    public AllSlice readEventType(String type, long fromPosition, Direction direction, int maxCount) {
        Names.requireEventType(type);
        return slice(() -> client.readEventType(bus, type, fromPosition, direction, maxCount), fromPosition);
    }

    private AllSlice slice(Supplier<AllPage> read, long fromPosition) {
        AllPage page;
        try {
            page = read.get();
        } catch (RuntimeException e) {
            throw translate(e, null, null, fromPosition);
        }
        return new AllSlice(recorded(page.events()), page.next(), page.firstPosition(), page.endPosition());
    }

    @Override
    public Subscription subscribe(Selection selection, long fromPosition, SubscriptionListener listener) {
        Objects.requireNonNull(selection, "selection");
        if (fromPosition < 0) {
            throw new IllegalArgumentException("fromPosition < 0");
        }
        if (selection.filter() != null) {
            Filter.cesql(selection.filter()); // a bad filter fails here, as it does embedded, not on the thread
        }
        RequestPath follow = switch (selection.kind()) {
            case ALL -> RequestPath.v1("buses", bus, "all", "follow");
            case CATEGORY -> RequestPath.v1("buses", bus, "categories", selection.value(), "follow");
            case EVENT_TYPE -> RequestPath.v1("buses", bus, "types", selection.value(), "follow");
        };
        follow = follow.query("from", fromPosition);
        if (selection.filter() != null) {
            follow = follow.query("filter", selection.filter());
        }
        return subscribe(follow, fromPosition, listener);
    }

    @Override
    public Subscription subscribeToStream(String stream, long fromVersion, SubscriptionListener listener) {
        if (fromVersion < 0) {
            throw new IllegalArgumentException("fromVersion < 0");
        }
        return subscribe(RequestPath.v1("buses", bus, "streams", stream, "follow").query("from", fromVersion),
                fromVersion, listener);
    }

    private Subscription subscribe(RequestPath path, long from, SubscriptionListener listener) {
        Objects.requireNonNull(listener, "listener");
        RemoteSubscription s = new RemoteSubscription(transport, path, from, listener, subscriptions::remove,
                this::translateFailure);
        subscriptions.add(s);
        s.start();
        return s;
    }

    @Override
    public ConsumerGroup createGroup(GroupSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.selection().filter() != null) {
            Filter.cesql(spec.selection().filter()); // as embedded: a bad filter is an IllegalArgumentException
        }
        return call(() -> transport.post(RequestPath.v1("buses", bus, "groups"), "application/json",
                GroupAnswers.create(spec), body -> grouped(Answers.tree(body))));
    }

    @Override
    public ConsumerGroup group(String name) {
        return call(() -> transport.get(groupPath(name), body -> grouped(Answers.tree(body))));
    }

    @Override
    public List<ConsumerGroup> groups() {
        return call(() -> transport.get(RequestPath.v1("buses", bus, "groups"), body -> {
            List<ConsumerGroup> out = new ArrayList<>();
            Answers.required(Answers.tree(body), "groups").forEach(g -> out.add(grouped(g)));
            return out;
        }));
    }

    @Override
    public void deleteGroup(String name) {
        call(() -> {
            transport.delete(groupPath(name));
            return null;
        });
    }

    private ConsumerGroup grouped(JsonNode described) {
        GroupSpec spec = GroupAnswers.spec(described);
        return new RemoteGroup(transport, groupPath(spec.name()), spec, e -> translate(e, null, null, -1));
    }

    private RequestPath groupPath(String name) {
        Objects.requireNonNull(name, "name");
        return RequestPath.v1("buses", bus, "groups", name);
    }

    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            throw translate(e, null, null, -1);
        }
    }

    /** Ends the subscriptions and the appends under way; the client stays open. */
    @Override
    public void close() {
        subscriptions.forEach(RemoteSubscription::close);
        appends.close();
    }

    static List<RecordedEvent> recorded(List<StoredEvent> events) {
        return events.stream().map(RemoteEventStore::recorded).toList();
    }

    static RecordedEvent recorded(StoredEvent e) {
        return new RecordedEvent(e.stream(), e.version(), e.position(), e.time(), e.event());
    }

    /** The positions of a lease-lost problem, written {@code [17, 18]}. */
    private static List<Long> positionsOf(String text) {
        List<Long> out = new ArrayList<>();
        for (String p : text.replaceAll("[\\[\\] ]", "").split(",")) {
            if (!p.isEmpty()) {
                out.add(Long.parseLong(p));
            }
        }
        return out;
    }

    private RuntimeException translateFailure(RuntimeException e) {
        return translate(e, null, null, -1);
    }

    /** The node's refusal as the store's exception; arguments the node refused as {@link IllegalArgumentException}. */
    private RuntimeException translate(RuntimeException e, String stream, ExpectedVersion expected, long from) {
        if (e instanceof TributaryConnectionException c) {
            return new StoreUnavailableException(c.getMessage(), c);
        }
        if (!(e instanceof TributaryException t)) {
            return e;
        }
        Problem p = t.problem();
        return switch (p.typeName()) {
            case "wrong-expected-version" -> new WrongExpectedVersionException(stream, expected,
                    Long.parseLong(p.member("currentVersion").orElse("-1")));
            case "position-out-of-range" -> new PositionOutOfRangeException(bus, from,
                    Long.parseLong(p.member("firstPosition").orElse("0")),
                    Long.parseLong(p.member("endPosition").orElse("0")));
            case "invalid-request" -> new IllegalArgumentException(t.getMessage(), t);
            case "stream-deleted" -> new StreamDeletedException(stream);
            case "stream-not-found" -> new StreamNotFoundException(stream);
            case "group-not-found" -> new GroupNotFoundException(p.member("group").orElse(""));
            case "group-exists" -> new GroupExistsException(p.member("group").orElse(""));
            case "lease-lost" -> new LeaseLostException(p.member("group").orElse(""),
                    p.member("consumer").orElse(""), positionsOf(p.member("positions").orElse("[]")),
                    p.member("why").orElse("refused"));
            default -> t.kind() == TributaryException.Kind.UNAVAILABLE || t.kind() == TributaryException.Kind.RATE_LIMITED
                    ? new StoreUnavailableException(t.getMessage(), t)
                    : new EventStoreException(t.getMessage(), t);
        };
    }
}
