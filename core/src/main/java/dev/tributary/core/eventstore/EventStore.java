package dev.tributary.core.eventstore;

import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * An event store: streams with expected versions in one bus, and the bus's global order across them. The same
 * interface is served embedded ({@code dev.tributary.eventstore.EmbeddedEventStore}, in-process, no HTTP) and
 * remote (the client, against a node).
 *
 * <p>Thread-safe. Every call either works or throws (or completes its future exceptionally with) an
 * {@link EventStoreException} naming the reason: {@link WrongExpectedVersionException} with the current version,
 * {@link StreamNotFoundException}, {@link PositionOutOfRangeException} naming the first readable position;
 * {@link IllegalArgumentException} for arguments that can never work (a negative count, a null list).
 */
public interface EventStore extends AutoCloseable {

    /**
     * Appends {@code events} to {@code stream} atomically if {@code expected} holds. A retry of an append that
     * worked (the same event ids, at the versions right after {@code expected}) answers the original result, marked
     * duplicate, and writes nothing.
     */
    CompletableFuture<AppendResult> appendToStream(String stream, ExpectedVersion expected, List<CloudEvent> events);

    /**
     * Reads up to {@code maxCount} events of {@code stream} from {@code fromVersion} (inclusive); backward from
     * {@code Long.MAX_VALUE} starts at the last event.
     *
     * @throws StreamNotFoundException when the stream has no events
     * @throws StreamDeletedException after a hard delete
     */
    StreamSlice readStream(String stream, long fromVersion, Direction direction, int maxCount);

    /** Where a stream stands: its versions, its metadata, whether it was deleted for good. Never throws for a name. */
    StreamState streamState(String stream);

    /**
     * Replaces the metadata of {@code stream} (it need not exist yet; {@link StreamMetadata#NONE} clears it). Its
     * limits apply to every read from then on; events they hide are reclaimed when whole segments hold nothing else.
     * Fails with {@link StreamDeletedException} after a hard delete.
     */
    CompletableFuture<StreamState> setStreamMetadata(String stream, StreamMetadata metadata);

    /**
     * Deletes {@code stream} if {@code expected} holds ({@link DeleteMode}): its events vanish from every read, the
     * positions of all other events stay. Fails with {@link WrongExpectedVersionException},
     * {@link StreamNotFoundException} (nothing was ever appended) or {@link StreamDeletedException}.
     */
    CompletableFuture<StreamState> deleteStream(String stream, ExpectedVersion expected, DeleteMode mode);

    /**
     * Stores a snapshot of {@code stream} as its latest, unless one of a later version is stored. Fails with
     * {@link StreamNotFoundException}, {@link StreamDeletedException}, or {@link IllegalArgumentException} when the
     * snapshot's version is beyond the stream's current one.
     */
    CompletableFuture<Void> saveSnapshot(String stream, Snapshot snapshot);

    /** The latest snapshot of {@code stream}, if any. */
    Optional<Snapshot> readSnapshot(String stream);

    /** Deletes the snapshot of {@code stream} (the events stay); true when there was one. */
    boolean deleteSnapshot(String stream);

    /**
     * Loads a stream in one call: its latest snapshot that still fits it, and up to {@code maxCount} events after it
     * (from the first kept version when there is none).
     *
     * @throws StreamNotFoundException when the stream has no events
     * @throws StreamDeletedException after a hard delete
     */
    LoadedStream loadStream(String stream, int maxCount);

    /**
     * Reads up to {@code maxCount} events in the global order from {@code fromPosition} (inclusive); backward from
     * {@code Long.MAX_VALUE} starts at the last event.
     */
    AllSlice readAll(long fromPosition, Direction direction, int maxCount);

    /**
     * Reads up to {@code maxCount} events of the streams of one category, in the global order from
     * {@code fromPosition} (inclusive); backward from {@code Long.MAX_VALUE} starts at the last. A stream's category is
     * its id up to the first {@code -} ({@code cart-17} is in {@code cart}; the separator is the bus's choice), or
     * the whole id when it has none. Served by an index: never a walk of the whole order. The slice's
     * {@link AllSlice#nextPosition()} is past every position looked at, also when none matched: store it as a
     * checkpoint.
     */
    AllSlice readCategory(String category, long fromPosition, Direction direction, int maxCount);

    /** As {@link #readCategory}, for the events whose CloudEvents {@code type} is {@code type}. */
    AllSlice readEventType(String type, long fromPosition, Direction direction, int maxCount);

    /**
     * A catch-up subscription to the global order: the events {@code selection} picks (all, one category or one type,
     * optionally filtered by a CESQL expression evaluated in the store) from {@code fromPosition} (inclusive),
     * history then live. Checkpoints are global positions; {@link SubscriptionListener#onCheckpoint} tells when a
     * stretch without a delivered event moved one.
     *
     * @throws IllegalArgumentException when the filter is not valid CESQL (the message names {@code filter})
     */
    Subscription subscribe(Selection selection, long fromPosition, SubscriptionListener listener);

    /**
     * Delivers the global order from {@code fromPosition} (inclusive) to {@code listener}: history, then live.
     * {@link SubscriptionListener#onCaughtUp} tells when it reached the end.
     */
    default Subscription subscribeToAll(long fromPosition, SubscriptionListener listener) {
        return subscribe(Selection.all(), fromPosition, listener);
    }

    /** Delivers the events of one category ({@link #readCategory}) from {@code fromPosition}, history then live. */
    default Subscription subscribeToCategory(String category, long fromPosition, SubscriptionListener listener) {
        return subscribe(Selection.category(category), fromPosition, listener);
    }

    /** Delivers the events of one CloudEvents {@code type} from {@code fromPosition}, history then live. */
    default Subscription subscribeToEventType(String type, long fromPosition, SubscriptionListener listener) {
        return subscribe(Selection.eventType(type), fromPosition, listener);
    }

    /**
     * The subscription {@link #subscribe} makes, as a {@link Flow.Publisher} with back-pressure: each subscriber gets
     * its own, and no more events than it requested.
     */
    default Flow.Publisher<RecordedEvent> publisher(Selection selection, long fromPosition) {
        return new SubscriptionPublisher(this, selection, fromPosition);
    }

    /** Delivers {@code stream} from {@code fromVersion} (inclusive), history then live; checkpoints are versions. */
    Subscription subscribeToStream(String stream, long fromVersion, SubscriptionListener listener);

    /**
     * Creates a consumer group ({@link ConsumerGroup}) over the global order; its definition and position are kept by
     * the store and survive restarts. A start position of {@link GroupSpec#LATEST} is resolved to the end of the order
     * now.
     *
     * @throws GroupExistsException when a group of that name exists
     * @throws IllegalArgumentException when the selection's filter is not valid CESQL or the start is beyond the end
     */
    ConsumerGroup createGroup(GroupSpec spec);

    /**
     * The consumer group named {@code name}.
     *
     * @throws GroupNotFoundException when there is none
     */
    ConsumerGroup group(String name);

    /** The store's consumer groups. */
    List<ConsumerGroup> groups();

    /**
     * Deletes a consumer group and its position; the events stay.
     *
     * @throws GroupNotFoundException when there is none
     */
    void deleteGroup(String name);

    /** Ends every subscription and releases the store. */
    @Override
    void close();
}
