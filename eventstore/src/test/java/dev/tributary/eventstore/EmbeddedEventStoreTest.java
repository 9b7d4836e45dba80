package dev.tributary.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.core.eventstore.AllSlice;
import dev.tributary.core.eventstore.AppendResult;
import dev.tributary.core.eventstore.Direction;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.PositionOutOfRangeException;
import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.StreamNotFoundException;
import dev.tributary.core.eventstore.Subscription;
import dev.tributary.core.eventstore.SubscriptionListener;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import dev.tributary.log.Durability;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

class EmbeddedEventStoreTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    EmbeddedEventStore store;

    @BeforeEach
    void open() {
        store = EmbeddedEventStore.open(dir, options());
    }

    @AfterEach
    void close() {
        store.close();
    }

    static EventStoreOptions options() {
        return EventStoreOptions.defaults().withDurability(Durability.NONE).withFellBehindThreshold(10);
    }

    static CloudEvent event(String id) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/carts"))
                .withType("cart.item-added")
                .withData("application/json", ("{\"item\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8))
                .build();
    }

    static List<CloudEvent> events(String prefix, int n) {
        List<CloudEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event(prefix + "-" + i));
        }
        return out;
    }

    /** Records what a subscription delivers and signals. */
    static class Recording implements SubscriptionListener {
        final List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        final List<String> signals = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> closedWith = new AtomicReference<>();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void onEvent(RecordedEvent event) {
            events.add(event);
        }

        @Override
        public void onCaughtUp(long checkpoint) {
            signals.add("caught up at " + checkpoint);
        }

        @Override
        public void onFellBehind(long checkpoint) {
            signals.add("fell behind at " + checkpoint);
        }

        @Override
        public void onClosed(Throwable error) {
            closedWith.set(error);
            closed.countDown();
        }

        List<Long> positions() {
            return events.stream().map(RecordedEvent::position).toList();
        }
    }

    @Test
    void appendsWithExpectedVersionsAndReadsTheStreamBothWays() {
        AppendResult first = store.appendToStream("cart-1", ExpectedVersion.noStream(), events("a", 2)).join();
        AppendResult second = store.appendToStream("cart-1", ExpectedVersion.exactly(1), events("b", 1)).join();

        assertThat(first).isEqualTo(new AppendResult(0, 1, 0, false));
        assertThat(second).isEqualTo(new AppendResult(2, 2, 2, false));
        var forward = store.readStream("cart-1", 0, Direction.FORWARD, 10);
        assertThat(forward.events()).extracting(RecordedEvent::version).containsExactly(0L, 1L, 2L);
        assertThat(forward.events()).extracting(e -> e.event().getId()).containsExactly("a-0", "a-1", "b-0");
        assertThat(forward.currentVersion()).isEqualTo(2);
        var backward = store.readStream("cart-1", Long.MAX_VALUE, Direction.BACKWARD, 2);
        assertThat(backward.events()).extracting(RecordedEvent::version).containsExactly(2L, 1L);
        assertThat(backward.nextVersion()).isZero();
    }

    @Test
    void aRetriedAppendAnswersTheOriginalAndWritesNothing() {
        store.appendToStream("cart-2", ExpectedVersion.noStream(), events("r", 2)).join();
        AppendResult retry = store.appendToStream("cart-2", ExpectedVersion.noStream(), events("r", 2)).join();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.currentVersion()).isEqualTo(1);
        assertThat(store.readAll(0, Direction.FORWARD, 100).endPosition()).isEqualTo(2);
    }

    @Test
    void aWrongExpectedVersionFailsWithTheCurrentVersion() {
        store.appendToStream("cart-3", ExpectedVersion.noStream(), events("w", 3)).join();
        assertThatThrownBy(() -> store.appendToStream("cart-3", ExpectedVersion.exactly(0), events("x", 1)).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                        e -> assertThat(e.currentVersion()).isEqualTo(2));
    }

    @Test
    void badArgumentsAndUnknownStreamsThrowNamingTheReason() {
        assertThatThrownBy(() -> store.readStream("cart-none", 0, Direction.FORWARD, 10))
                .isInstanceOf(StreamNotFoundException.class)
                .hasMessageContaining("cart-none");
        assertThatThrownBy(() -> store.appendToStream("no spaces", ExpectedVersion.any(), events("s", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stream id");
        assertThatThrownBy(() -> store.readAll(0, Direction.FORWARD, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCount");
        assertThatThrownBy(() -> store.readAll(5, Direction.FORWARD, 10))
                .isInstanceOf(PositionOutOfRangeException.class)
                .hasMessageContaining("beyond the end");
    }

    @Test
    void readsTheGlobalOrderAcrossStreamsAndKeepsItAfterAReopen() {
        for (int i = 0; i < 6; i++) {
            store.appendToStream("cart-" + (i % 3), ExpectedVersion.any(), events("g" + i, 2)).join();
        }
        AllSlice all = store.readAll(0, Direction.FORWARD, 100);
        assertThat(all.events()).extracting(RecordedEvent::position).isEqualTo(LongStream.range(0, 12).boxed().toList());
        assertThat(all.events().get(2).stream()).isEqualTo("cart-1");
        List<String> ids = all.events().stream().map(e -> e.event().getId()).toList();
        store.close();
        store = EmbeddedEventStore.open(dir, options());
        assertThat(store.readAll(0, Direction.FORWARD, 100).events()).extracting(e -> e.event().getId())
                .isEqualTo(ids);
        assertThat(store.readAll(Long.MAX_VALUE, Direction.BACKWARD, 1).events().get(0).position()).isEqualTo(11);
    }

    @Test
    void aSubscriptionToAllReadsHistoryThenLiveWithoutAGapOrADuplicate() throws Exception {
        for (int i = 0; i < 30; i++) {
            store.appendToStream("order-" + (i % 7), ExpectedVersion.any(), events("h" + i, 40)).join();
        }
        Recording recording = new Recording();
        try (Subscription s = store.subscribeToAll(0, recording)) {
            // live appends race the history read: the switch must neither skip nor repeat
            for (int i = 0; i < 50; i++) {
                store.appendToStream("order-" + (i % 7), ExpectedVersion.any(), events("l" + i, 3)).join();
            }
            await().atMost(WAIT).until(() -> recording.events.size() >= 1350);
            assertThat(recording.positions()).isEqualTo(LongStream.range(0, 1350).boxed().toList());
            await().atMost(WAIT).until(() -> s.checkpoint() == 1350);
            // it caught up once the history was read (wherever the live appends then were), and is live at the end
            assertThat(recording.signals.get(0)).startsWith("caught up at ");
            assertThat(recording.signals.get(recording.signals.size() - 1)).startsWith("caught up at ");
        }
        assertThat(recording.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recording.closedWith.get()).isNull();
    }

    @Test
    void aSubscriptionFromACheckpointContinuesRightAfterIt() {
        store.appendToStream("cart-9", ExpectedVersion.any(), events("c", 10)).join();
        Recording recording = new Recording();
        try (Subscription s = store.subscribeToAll(7, recording)) {
            await().atMost(WAIT).until(() -> recording.signals.size() == 1);
            assertThat(recording.positions()).containsExactly(7L, 8L, 9L);
            assertThat(recording.signals).containsExactly("caught up at 10");
        }
    }

    @Test
    void aSubscriptionToAStreamDeliversOnlyItsEventsFromAVersion() {
        store.appendToStream("acct-1", ExpectedVersion.noStream(), events("x", 4)).join();
        store.appendToStream("acct-2", ExpectedVersion.noStream(), events("y", 4)).join();
        Recording recording = new Recording();
        try (Subscription s = store.subscribeToStream("acct-1", 2, recording)) {
            await().atMost(WAIT).until(() -> recording.signals.size() == 1);
            store.appendToStream("acct-2", ExpectedVersion.any(), events("z", 1)).join();
            store.appendToStream("acct-1", ExpectedVersion.exactly(3), events("w", 1)).join();
            await().atMost(WAIT).until(() -> recording.events.size() == 3);
            assertThat(recording.events).extracting(e -> e.event().getId()).containsExactly("x-2", "x-3", "w-0");
            assertThat(recording.signals).containsExactly("caught up at 4");
            await().atMost(WAIT).until(() -> s.checkpoint() == 5);
        }
    }

    @Test
    void aLiveSubscriptionThatFallsBehindSaysSoAndCatchesUpAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recording recording = new Recording() {
            @Override
            public void onEvent(RecordedEvent event) {
                super.onEvent(event);
                if (event.position() == 0) {
                    try {
                        release.await(); // a slow consumer while a burst arrives
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (Subscription s = store.subscribeToAll(0, recording)) {
            await().atMost(WAIT).until(() -> recording.signals.size() == 1);
            store.appendToStream("burst", ExpectedVersion.any(), events("first", 1)).join();
            await().atMost(WAIT).until(() -> recording.events.size() == 1);
            for (int i = 0; i < 10; i++) {
                store.appendToStream("burst", ExpectedVersion.any(), events("b" + i, 100)).join();
            }
            release.countDown();
            await().atMost(WAIT).until(() -> recording.events.size() == 1001);
            await().atMost(WAIT).until(() -> recording.signals.size() == 3);
            assertThat(recording.signals).containsExactly("caught up at 0", "fell behind at 501", "caught up at 1001");
            assertThat(recording.positions()).isEqualTo(LongStream.range(0, 1001).boxed().toList());
        }
    }

    @Test
    void aListenerThatThrowsEndsItsSubscriptionWithTheError() throws Exception {
        store.appendToStream("cart-x", ExpectedVersion.any(), events("t", 3)).join();
        Recording recording = new Recording() {
            @Override
            public void onEvent(RecordedEvent event) {
                throw new IllegalStateException("projection bug");
            }
        };
        store.subscribeToAll(0, recording);
        assertThat(recording.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recording.closedWith.get()).hasMessage("projection bug");
    }

    @Test
    void closingTheStoreEndsItsSubscriptions() throws Exception {
        Recording recording = new Recording();
        store.subscribeToAll(0, recording);
        await().atMost(WAIT).until(() -> recording.signals.size() == 1);
        store.close();
        assertThat(recording.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recording.closedWith.get()).isNull();
        assertThatThrownBy(() -> store.readAll(0, Direction.FORWARD, 1)).isInstanceOf(IllegalStateException.class);
    }
}
