package dev.tributary.core.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.core.delivery.BackoffPolicy;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} does, embedded or remote: one suite, run by a subclass per implementation against a
 * store of its own that holds nothing yet.
 */
public abstract class EventStoreContract {
    static final Duration WAIT = Duration.ofSeconds(20);

    protected EventStore store;

    /** A new store over an empty bus. */
    protected abstract EventStore open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    public static CloudEvent event(String id) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/contract"))
                .withType("contract.happened")
                .withData("application/json", ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8))
                .build();
    }

    public static List<CloudEvent> events(String prefix, int n) {
        List<CloudEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event(prefix + "-" + i));
        }
        return out;
    }

    public static CloudEvent typed(String id, String type) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/contract")).withType(type).build();
    }

    public static List<String> ids(List<RecordedEvent> events) {
        return events.stream().map(e -> e.event().getId()).toList();
    }

    /** Records a subscription's events and signals; for the implementations' own tests too. */
    public static class Recording implements SubscriptionListener {
        public final List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        public final List<Long> caughtUp = new CopyOnWriteArrayList<>();
        public final List<Long> fellBehind = new CopyOnWriteArrayList<>();
        public final List<Long> checkpoints = new CopyOnWriteArrayList<>();
        public final AtomicReference<Throwable> error = new AtomicReference<>();
        public final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void onEvent(RecordedEvent event) {
            events.add(event);
        }

        @Override
        public void onCaughtUp(long checkpoint) {
            caughtUp.add(checkpoint);
        }

        @Override
        public void onCheckpoint(long checkpoint) {
            checkpoints.add(checkpoint);
        }

        @Override
        public void onFellBehind(long checkpoint) {
            fellBehind.add(checkpoint);
        }

        @Override
        public void onClosed(Throwable cause) {
            error.set(cause);
            closed.countDown();
        }
    }

    @Test
    void appendsWithExpectedVersionsAndReadsTheStreamBothWays() {
        AppendResult first = store.appendToStream("acct-1", ExpectedVersion.noStream(), events("a", 2)).join();
        AppendResult second = store.appendToStream("acct-1", ExpectedVersion.exactly(1), events("b", 1)).join();
        assertThat(first).isEqualTo(new AppendResult(0, 1, 0, false));
        assertThat(second).isEqualTo(new AppendResult(2, 2, 2, false));

        StreamSlice forward = store.readStream("acct-1", 0, Direction.FORWARD, 10);
        assertThat(ids(forward.events())).containsExactly("a-0", "a-1", "b-0");
        assertThat(forward.events()).extracting(RecordedEvent::version).containsExactly(0L, 1L, 2L);
        assertThat(forward.events()).allSatisfy(e -> assertThat(e.stream()).isEqualTo("acct-1"));
        assertThat(forward.currentVersion()).isEqualTo(2);
        StreamSlice backward = store.readStream("acct-1", Long.MAX_VALUE, Direction.BACKWARD, 2);
        assertThat(backward.events()).extracting(RecordedEvent::version).containsExactly(2L, 1L);
        assertThat(backward.nextVersion()).isZero();
    }

    @Test
    void aWrongExpectedVersionFailsWithTheCurrentVersionAndWritesNothing() {
        store.appendToStream("acct-2", ExpectedVersion.noStream(), events("w", 3)).join();
        assertThatThrownBy(() -> store.appendToStream("acct-2", ExpectedVersion.exactly(0), events("x", 1)).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                    assertThat(e.currentVersion()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("acct-2");
                });
        assertThatThrownBy(() -> store.appendToStream("acct-2", ExpectedVersion.noStream(), events("y", 1)).join())
                .cause()
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(store.readStream("acct-2", 0, Direction.FORWARD, 10).currentVersion()).isEqualTo(2);
    }

    @Test
    void aRetriedAppendAnswersTheOriginalAndWritesNothing() {
        AppendResult original = store.appendToStream("acct-3", ExpectedVersion.noStream(), events("r", 2)).join();
        AppendResult retry = store.appendToStream("acct-3", ExpectedVersion.noStream(), events("r", 2)).join();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.currentVersion()).isEqualTo(original.currentVersion());
        assertThat(store.readAll(0, Direction.FORWARD, 100).endPosition()).isEqualTo(2);
    }

    @Test
    void aStreamWithoutEventsIsNotFound() {
        assertThatThrownBy(() -> store.readStream("acct-none", 0, Direction.FORWARD, 10))
                .isInstanceOf(StreamNotFoundException.class)
                .hasMessageContaining("acct-none");
    }

    @Test
    void theGlobalOrderHasEveryEventOnceWithGapFreePositionsBothWays() {
        for (int i = 0; i < 6; i++) {
            store.appendToStream("acct-" + (i % 3), ExpectedVersion.any(), events("g" + i, 2)).join();
        }
        AllSlice all = store.readAll(0, Direction.FORWARD, 100);
        assertThat(all.events()).extracting(RecordedEvent::position)
                .isEqualTo(LongStream.range(0, 12).boxed().toList());
        assertThat(all.endPosition()).isEqualTo(12);
        assertThat(all.firstPosition()).isZero();
        assertThat(all.nextPosition()).isEqualTo(12);
        assertThat(all.events().get(2).stream()).isEqualTo("acct-1");
        AllSlice last = store.readAll(Long.MAX_VALUE, Direction.BACKWARD, 3);
        assertThat(last.events()).extracting(RecordedEvent::position).containsExactly(11L, 10L, 9L);
        AllSlice middle = store.readAll(5, Direction.FORWARD, 2);
        assertThat(middle.events()).extracting(RecordedEvent::position).containsExactly(5L, 6L);
        assertThat(middle.nextPosition()).isEqualTo(7);
    }

    @Test
    void aPositionBeyondTheEndIsRefusedNamingTheBounds() {
        store.appendToStream("acct-4", ExpectedVersion.any(), events("p", 3)).join();
        assertThat(store.readAll(3, Direction.FORWARD, 10).events()).isEmpty();
        assertThatThrownBy(() -> store.readAll(8, Direction.FORWARD, 10))
                .isInstanceOfSatisfying(PositionOutOfRangeException.class, e -> {
                    assertThat(e.endPosition()).isEqualTo(3);
                    assertThat(e.firstPosition()).isZero();
                    assertThat(e.requested()).isEqualTo(8);
                });
    }

    @Test
    void aSubscriptionToAllDeliversHistoryThenLiveWithoutAGapOrADuplicate() throws Exception {
        for (int i = 0; i < 10; i++) {
            store.appendToStream("order-" + (i % 4), ExpectedVersion.any(), events("h" + i, 20)).join();
        }
        Recording recording = new Recording();
        try (Subscription s = store.subscribeToAll(0, recording)) {
            for (int i = 0; i < 20; i++) {
                store.appendToStream("order-" + (i % 4), ExpectedVersion.any(), events("l" + i, 2)).join();
            }
            await().atMost(WAIT).until(() -> recording.events.size() >= 240);
            assertThat(recording.events).extracting(RecordedEvent::position)
                    .isEqualTo(LongStream.range(0, 240).boxed().toList());
            await().atMost(WAIT).until(() -> !recording.caughtUp.isEmpty() && s.checkpoint() == 240);
        }
        assertThat(recording.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recording.error.get()).isNull();
    }

    @Test
    void aSubscriptionFromACheckpointContinuesRightAfterIt() {
        store.appendToStream("acct-5", ExpectedVersion.any(), events("c", 10)).join();
        Recording recording = new Recording();
        try (Subscription s = store.subscribeToAll(7, recording)) {
            await().atMost(WAIT).until(() -> !recording.caughtUp.isEmpty());
            assertThat(recording.events).extracting(RecordedEvent::position).containsExactly(7L, 8L, 9L);
            assertThat(recording.caughtUp).containsExactly(10L);
        }
    }

    @Test
    void aSubscriptionToAStreamDeliversOnlyItsEventsFromAVersionThenLive() {
        store.appendToStream("cart-1", ExpectedVersion.noStream(), events("x", 4)).join();
        store.appendToStream("cart-2", ExpectedVersion.noStream(), events("y", 4)).join();
        Recording recording = new Recording();
        try (Subscription s = store.subscribeToStream("cart-1", 2, recording)) {
            await().atMost(WAIT).until(() -> !recording.caughtUp.isEmpty());
            assertThat(recording.caughtUp).containsExactly(4L);
            store.appendToStream("cart-2", ExpectedVersion.any(), events("z", 1)).join();
            store.appendToStream("cart-1", ExpectedVersion.exactly(3), events("w", 1)).join();
            await().atMost(WAIT).until(() -> recording.events.size() == 3);
            assertThat(ids(recording.events)).containsExactly("x-2", "x-3", "w-0");
            await().atMost(WAIT).until(() -> s.checkpoint() == 5);
        }
    }

    @Test
    void aListenerThatThrowsEndsItsSubscriptionWithTheError() throws Exception {
        store.appendToStream("acct-6", ExpectedVersion.any(), events("t", 2)).join();
        Recording recording = new Recording() {
            @Override
            public void onEvent(RecordedEvent event) {
                throw new IllegalStateException("projection bug");
            }
        };
        store.subscribeToAll(0, recording);
        assertThat(recording.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recording.error.get()).hasMessage("projection bug");
    }

    @Test
    void aCategoryAndATypeAreReadInTheGlobalOrderBothWays() {
        for (int i = 0; i < 6; i++) {
            String stream = (i % 2 == 0 ? "order-" : "cart-") + i;
            store.appendToStream(stream, ExpectedVersion.noStream(),
                    List.of(typed("e" + i, i % 3 == 0 ? "placed" : "paid"))).join();
        }
        AllSlice orders = store.readCategory("order", 0, Direction.FORWARD, 100);
        assertThat(ids(orders.events())).containsExactly("e0", "e2", "e4");
        assertThat(orders.events()).extracting(RecordedEvent::position).containsExactly(0L, 2L, 4L);
        assertThat(orders.nextPosition()).isEqualTo(6);
        AllSlice page = store.readCategory("order", 0, Direction.FORWARD, 2);
        assertThat(ids(page.events())).containsExactly("e0", "e2");
        assertThat(ids(store.readCategory("order", page.nextPosition(), Direction.FORWARD, 2).events()))
                .containsExactly("e4");
        assertThat(ids(store.readCategory("cart", Long.MAX_VALUE, Direction.BACKWARD, 2).events()))
                .containsExactly("e5", "e3");
        assertThat(ids(store.readEventType("placed", 0, Direction.FORWARD, 100).events())).containsExactly("e0", "e3");
        AllSlice none = store.readCategory("refund", 0, Direction.FORWARD, 100);
        assertThat(none.events()).isEmpty();
        assertThat(none.nextPosition()).as("a checkpoint past what was looked at").isEqualTo(6);
        assertThatThrownBy(() -> store.readCategory("bad category", 0, Direction.FORWARD, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("category");
        assertThatThrownBy(() -> store.readEventType("", 0, Direction.FORWARD, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type");
        assertThatThrownBy(() -> store.readCategory("order", 9, Direction.FORWARD, 10))
                .isInstanceOfSatisfying(PositionOutOfRangeException.class,
                        e -> assertThat(e.endPosition()).isEqualTo(6));
    }

    @Test
    void aSubscriptionToACategoryDeliversItsEventsThenLiveAndCheckpointsPastOthers() {
        store.appendToStream("order-1", ExpectedVersion.noStream(), events("o", 3)).join();
        store.appendToStream("cart-1", ExpectedVersion.noStream(), events("c", 3)).join();
        Recording recording = new Recording();
        try (Subscription s = store.subscribeToCategory("order", 0, recording)) {
            await().atMost(WAIT).until(() -> !recording.caughtUp.isEmpty());
            assertThat(recording.caughtUp).containsExactly(6L);
            store.appendToStream("cart-2", ExpectedVersion.any(), events("n", 600)).join();
            store.appendToStream("cart-2", ExpectedVersion.any(), events("m", 600)).join();
            await().atMost(WAIT).until(() -> !recording.checkpoints.isEmpty());
            assertThat(recording.checkpoints.get(0)).isEqualTo(1206);
            store.appendToStream("order-1", ExpectedVersion.exactly(2), events("p", 1)).join();
            await().atMost(WAIT).until(() -> recording.events.size() == 4);
            assertThat(ids(recording.events)).containsExactly("o-0", "o-1", "o-2", "p-0");
            assertThat(recording.events.get(3).position()).isEqualTo(1206);
            await().atMost(WAIT).until(() -> s.checkpoint() == 1207);
        }
        Recording types = new Recording();
        try (Subscription s = store.subscribeToEventType("contract.happened", 1206, types)) {
            await().atMost(WAIT).until(() -> !types.caughtUp.isEmpty());
            assertThat(ids(types.events)).containsExactly("p-0");
        }
    }

    @Test
    void metadataLimitsHideOldVersionsFromEveryReadAndTellTheFirstReadable() {
        store.appendToStream("acct-m", ExpectedVersion.noStream(), events("m", 5)).join();
        StreamState state = store.setStreamMetadata("acct-m",
                StreamMetadata.NONE.withMaxCount(2).withCustom("{\"owner\":\"ann\"}")).join();
        assertThat(state.firstVersion()).isEqualTo(3);
        assertThat(state.metadata().custom()).isEqualTo("{\"owner\":\"ann\"}");
        StreamSlice slice = store.readStream("acct-m", 0, Direction.FORWARD, 10);
        assertThat(ids(slice.events())).containsExactly("m-3", "m-4");
        assertThat(slice.firstVersion()).isEqualTo(3);
        assertThat(ids(store.readAll(0, Direction.FORWARD, 100).events())).containsExactly("m-3", "m-4");
        assertThat(ids(store.readCategory("acct", 0, Direction.FORWARD, 100).events())).containsExactly("m-3", "m-4");
        assertThat(store.streamState("acct-m")).isEqualTo(state);
        assertThatThrownBy(() -> StreamMetadata.NONE.withMaxCount(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxCount");
    }

    @Test
    void aSoftDeletedStreamReadsEmptyThenTakesAppendsAtTheNextVersion() {
        store.appendToStream("acct-s", ExpectedVersion.noStream(), events("s", 3)).join();
        store.appendToStream("acct-t", ExpectedVersion.noStream(), events("t", 1)).join();
        StreamState deleted = store.deleteStream("acct-s", ExpectedVersion.exactly(2), DeleteMode.SOFT).join();
        assertThat(deleted.firstVersion()).isEqualTo(3);
        assertThat(store.readStream("acct-s", 0, Direction.FORWARD, 10).events()).isEmpty();
        assertThat(store.readAll(0, Direction.FORWARD, 10).events()).extracting(RecordedEvent::position)
                .containsExactly(3L);
        AppendResult again = store.appendToStream("acct-s", ExpectedVersion.exactly(2), events("u", 1)).join();
        assertThat(again.firstVersion()).isEqualTo(3);
        assertThat(ids(store.readStream("acct-s", 0, Direction.FORWARD, 10).events())).containsExactly("u-0");
    }

    @Test
    void aHardDeletedStreamRefusesAppendsReadsAndMetadata() {
        store.appendToStream("acct-h", ExpectedVersion.noStream(), events("h", 2)).join();
        assertThatThrownBy(() -> store.deleteStream("acct-h", ExpectedVersion.exactly(0), DeleteMode.HARD).join())
                .cause()
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThatThrownBy(() -> store.deleteStream("acct-none", ExpectedVersion.any(), DeleteMode.HARD).join())
                .cause()
                .isInstanceOf(StreamNotFoundException.class);
        StreamState tombstone = store.deleteStream("acct-h", ExpectedVersion.exactly(1), DeleteMode.HARD).join();
        assertThat(tombstone.deleted()).isTrue();
        assertThatThrownBy(() -> store.appendToStream("acct-h", ExpectedVersion.any(), events("x", 1)).join())
                .cause()
                .isInstanceOfSatisfying(StreamDeletedException.class, e -> assertThat(e.stream()).isEqualTo("acct-h"));
        assertThatThrownBy(() -> store.readStream("acct-h", 0, Direction.FORWARD, 10))
                .isInstanceOf(StreamDeletedException.class);
        assertThatThrownBy(() -> store.setStreamMetadata("acct-h", StreamMetadata.NONE).join())
                .cause()
                .isInstanceOf(StreamDeletedException.class);
        assertThat(store.readAll(0, Direction.FORWARD, 10).events()).isEmpty();
        assertThat(store.streamState("acct-h").deleted()).isTrue();
    }

    @Test
    void aStreamLoadsFromItsLatestSnapshotAndTheEventsAfterItInOneCall() {
        store.appendToStream("acct-snap", ExpectedVersion.noStream(), events("v", 6)).join();
        byte[] state = "{\"balance\":40}".getBytes(StandardCharsets.UTF_8);
        store.saveSnapshot("acct-snap", Snapshot.of(3, 1, state)).join();
        store.saveSnapshot("acct-snap", Snapshot.of(2, 1, new byte[] {1})).join(); // older: kept out
        Snapshot latest = store.readSnapshot("acct-snap").orElseThrow();
        assertThat(latest.version()).isEqualTo(3);
        assertThat(latest.state()).isEqualTo(state);
        assertThat(latest.takenAt()).isNotNull();

        LoadedStream loaded = store.loadStream("acct-snap", 100);
        assertThat(loaded.snapshot().version()).isEqualTo(3);
        assertThat(ids(loaded.events())).containsExactly("v-4", "v-5");
        assertThat(loaded.currentVersion()).isEqualTo(5);
        LoadedStream page = store.loadStream("acct-snap", 1);
        assertThat(ids(page.events())).containsExactly("v-4");
        assertThat(page.nextVersion()).isEqualTo(5);

        store.saveSnapshot("acct-snap", Snapshot.of(3, 2, new byte[] {2})).join(); // same version, new schema
        assertThat(store.readSnapshot("acct-snap").orElseThrow().schemaVersion()).isEqualTo(2);
        assertThat(store.deleteSnapshot("acct-snap")).isTrue();
        assertThat(store.deleteSnapshot("acct-snap")).isFalse();
        LoadedStream whole = store.loadStream("acct-snap", 100);
        assertThat(whole.snapshot()).isNull();
        assertThat(whole.events()).hasSize(6);
    }

    @Test
    void aSnapshotBeyondTheStreamOrOfAnUnknownStreamIsRefusedAndOneBeforeASoftDeleteIsLeftOut() {
        store.appendToStream("acct-sn2", ExpectedVersion.noStream(), events("w", 2)).join();
        assertThatThrownBy(() -> store.saveSnapshot("acct-sn2", Snapshot.of(7, 0, new byte[0])).join())
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> store.saveSnapshot("acct-nosuch", Snapshot.of(0, 0, new byte[0])).join())
                .cause()
                .isInstanceOf(StreamNotFoundException.class);
        assertThatThrownBy(() -> store.loadStream("acct-nosuch", 10)).isInstanceOf(StreamNotFoundException.class);
        assertThatThrownBy(() -> Snapshot.of(-1, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);

        store.saveSnapshot("acct-sn2", Snapshot.of(1, 0, new byte[] {9})).join();
        store.deleteStream("acct-sn2", ExpectedVersion.any(), DeleteMode.SOFT).join();
        store.appendToStream("acct-sn2", ExpectedVersion.any(), events("x", 1)).join();
        LoadedStream loaded = store.loadStream("acct-sn2", 10);
        assertThat(loaded.snapshot()).as("a snapshot of the deleted versions").isNotNull();
        assertThat(ids(loaded.events())).containsExactly("x-0");
        store.appendToStream("acct-sn2", ExpectedVersion.any(), events("y", 1)).join();
        store.setStreamMetadata("acct-sn2", StreamMetadata.NONE.withTruncateBefore(4)).join();
        LoadedStream truncated = store.loadStream("acct-sn2", 10);
        assertThat(truncated.snapshot()).as("events between it and the first kept version are gone").isNull();
        assertThat(ids(truncated.events())).isEmpty();
    }

    @Test
    void aFilteredSubscriptionDeliversOnlyWhatItsFilterHoldsForAndCheckpointsPastTheRest() {
        List<CloudEvent> mixed = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            mixed.add(typed("f-" + i, i % 500 == 7 ? "big.order" : "small.order"));
        }
        store.appendToStream("shop-1", ExpectedVersion.noStream(), mixed.subList(0, 600)).join();
        store.appendToStream("shop-1", ExpectedVersion.any(), mixed.subList(600, 1100)).join();
        Recording recording = new Recording();
        try (Subscription s = store.subscribe(Selection.category("shop").withFilter("type = 'big.order'"), 0,
                recording)) {
            await().atMost(WAIT).until(() -> !recording.caughtUp.isEmpty());
            assertThat(ids(recording.events)).containsExactly("f-7", "f-507", "f-1007");
            assertThat(recording.caughtUp).containsExactly(1100L);
            assertThat(s.checkpoint()).isEqualTo(1100);
            store.appendToStream("shop-2", ExpectedVersion.noStream(), List.of(typed("late", "big.order"))).join();
            await().atMost(WAIT).until(() -> recording.events.size() == 4);
        }
        Recording all = new Recording();
        try (Subscription s = store.subscribe(Selection.all().withFilter("id LIKE 'f-10%'"), 0, all)) {
            await().atMost(WAIT).until(() -> !all.caughtUp.isEmpty());
            assertThat(all.events).hasSize(1 + 10 + 100);
        }
        assertThatThrownBy(() -> store.subscribe(Selection.all().withFilter("type = "), 0, new Recording()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filter");
    }

    @Test
    void aPublisherDeliversNoMoreThanItsSubscriberRequested() throws Exception {
        store.appendToStream("acct-p", ExpectedVersion.noStream(), events("p", 50)).join();
        List<RecordedEvent> got = new CopyOnWriteArrayList<>();
        AtomicReference<java.util.concurrent.Flow.Subscription> handle = new AtomicReference<>();
        store.publisher(Selection.all(), 0).subscribe(new java.util.concurrent.Flow.Subscriber<RecordedEvent>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                handle.set(subscription);
                subscription.request(3);
            }

            @Override
            public void onNext(RecordedEvent item) {
                got.add(item);
            }

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {}
        });
        await().atMost(WAIT).until(() -> got.size() >= 3);
        for (int n = 4; n <= 6; n++) {
            // one more each time: without back-pressure all 50 would be there and the count would never be n
            int expected = n;
            handle.get().request(1);
            await().atMost(WAIT).until(() -> got.size() >= expected);
            assertThat(got).hasSize(expected);
        }
        store.appendToStream("acct-p", ExpectedVersion.any(), events("q", 5)).join();
        handle.get().request(49);
        await().atMost(WAIT).until(() -> got.size() == 55);
        assertThat(got).extracting(RecordedEvent::position).isEqualTo(LongStream.range(0, 55).boxed().toList());
        handle.get().cancel();
    }

    private static List<Long> positions(List<LeasedEvent> leased) {
        return leased.stream().map(LeasedEvent::position).toList();
    }

    @Test
    void aConsumerGroupLeasesEachEventToOneConsumerAndMovesItsCheckpointOnAcks() {
        store.appendToStream("order-1", ExpectedVersion.noStream(), events("o1", 3)).join();
        store.appendToStream("user-1", ExpectedVersion.noStream(), events("u1", 2)).join();
        store.appendToStream("order-2", ExpectedVersion.noStream(), events("o2", 2)).join();
        ConsumerGroup group = store.createGroup(GroupSpec.of("billing", Selection.category("order"), 0)
                .withOrdering(GroupSpec.Ordering.NONE));
        assertThat(group.spec().selection()).isEqualTo(Selection.category("order"));

        List<LeasedEvent> first = group.fetch("c1", 3);
        List<LeasedEvent> second = group.fetch("c2", 10);
        assertThat(positions(first)).containsExactly(0L, 1L, 2L);
        assertThat(positions(second)).containsExactly(5L, 6L);
        assertThat(first.get(0).deliveries()).isEqualTo(1);
        assertThat(first.get(0).event().event().getId()).isEqualTo("o1-0");
        assertThat(group.fetch("c3", 10)).isEmpty();
        assertThat(group.stats().inFlight()).isEqualTo(5);

        assertThatThrownBy(() -> group.ack("c2", List.of(0L, 5L)))
                .isInstanceOf(LeaseLostException.class)
                .satisfies(e -> assertThat(((LeaseLostException) e).positions()).containsExactly(0L));
        group.ack("c2", positions(second));
        group.ack("c1", positions(first));
        assertThat(group.stats().checkpoint()).isEqualTo(7);
        assertThat(group.stats().inFlight()).isZero();
        assertThatThrownBy(() -> group.ack("c1", List.of(1L))).isInstanceOf(LeaseLostException.class);

        store.appendToStream("order-1", ExpectedVersion.exactly(2), events("late", 1)).join();
        assertThat(positions(store.group("billing").fetch("c1", 10))).containsExactly(7L);
    }

    @Test
    void aNackedEventComesAgainAndOneOutOfDeliveriesIsParkedThenReplayedOrDropped() {
        store.appendToStream("job-1", ExpectedVersion.noStream(), events("j", 2)).join();
        ConsumerGroup group = store.createGroup(GroupSpec.of("jobs", Selection.all(), 0)
                .withMaxDeliveries(2)
                .withBackoff(BackoffPolicy.fixed(Duration.ofMillis(1)))
                .withOrdering(GroupSpec.Ordering.NONE));
        assertThat(positions(group.fetch("w", 10))).containsExactly(0L, 1L);
        group.nack("w", List.of(0L), "timeout");
        group.park("w", List.of(1L), "bad data");
        List<LeasedEvent> again = await().atMost(WAIT).until(() -> group.fetch("w", 10), f -> !f.isEmpty());
        assertThat(positions(again)).containsExactly(0L);
        assertThat(again.get(0).deliveries()).isEqualTo(2);
        group.nack("w", List.of(0L), "timeout again");

        List<ParkedEvent> parked = group.parked(0, 10);
        assertThat(parked).extracting(ParkedEvent::position).containsExactly(0L, 1L);
        assertThat(parked).extracting(ParkedEvent::reason).containsExactly("timeout again", "bad data");
        assertThat(group.stats().parked()).isEqualTo(2);
        assertThat(group.stats().checkpoint()).isEqualTo(2);

        assertThat(group.replayParked(List.of(0L, 99L))).isEqualTo(1);
        List<LeasedEvent> replayed = group.fetch("w", 10);
        assertThat(positions(replayed)).containsExactly(0L);
        assertThat(replayed.get(0).deliveries()).isEqualTo(1);
        group.ack("w", List.of(0L));
        assertThat(group.dropParked(List.of(1L))).isEqualTo(1);
        assertThat(group.parked(0, 10)).isEmpty();
        assertThat(group.stats().parked()).isZero();
    }

    @Test
    void perStreamOrderingLeasesOneEventOfAStreamAtATime() {
        store.appendToStream("cart-a", ExpectedVersion.noStream(), events("a", 2)).join();
        store.appendToStream("cart-b", ExpectedVersion.noStream(), events("b", 1)).join();
        ConsumerGroup group = store.createGroup(GroupSpec.of("carts", Selection.category("cart"), 0));
        assertThat(group.spec().ordering()).isEqualTo(GroupSpec.Ordering.STREAM);
        assertThat(positions(group.fetch("c1", 10))).containsExactly(0L, 2L);
        assertThat(group.fetch("c2", 10)).isEmpty();
        group.ack("c1", List.of(0L));
        assertThat(positions(group.fetch("c2", 10))).containsExactly(1L);
    }

    @Test
    void groupsAreListedFoundAndDeletedAndBadOnesRefused() {
        store.appendToStream("acct-1", ExpectedVersion.noStream(), events("a", 3)).join();
        store.createGroup(GroupSpec.of("from-end", Selection.all(), GroupSpec.LATEST));
        assertThat(store.group("from-end").spec().startPosition()).isEqualTo(3);
        assertThat(store.group("from-end").fetch("c", 10)).isEmpty();
        store.createGroup(GroupSpec.of("typed", Selection.eventType("contract.happened").withFilter("id = 'a-1'"), 0));
        assertThat(positions(store.group("typed").fetch("c", 10))).containsExactly(1L);
        assertThat(store.groups()).extracting(ConsumerGroup::name).containsExactlyInAnyOrder("from-end", "typed");

        assertThatThrownBy(() -> store.createGroup(GroupSpec.of("typed", Selection.all(), 0)))
                .isInstanceOf(GroupExistsException.class);
        assertThatThrownBy(() -> store.createGroup(GroupSpec.of("bad", Selection.all().withFilter("id = "), 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.createGroup(GroupSpec.of("far", Selection.all(), 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..3");
        assertThatThrownBy(() -> store.group("nope")).isInstanceOf(GroupNotFoundException.class);
        assertThatThrownBy(() -> store.group("typed").fetch("", 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consumer");
        assertThatThrownBy(() -> store.group("typed").fetch("c", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max");

        store.deleteGroup("typed");
        assertThatThrownBy(() -> store.group("typed")).isInstanceOf(GroupNotFoundException.class);
        assertThatThrownBy(() -> store.deleteGroup("typed")).isInstanceOf(GroupNotFoundException.class);
        assertThat(store.groups()).extracting(ConsumerGroup::name).containsExactly("from-end");
    }
}
