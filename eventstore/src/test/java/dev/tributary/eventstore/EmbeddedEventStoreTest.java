package dev.tributary.eventstore;

import static dev.tributary.core.eventstore.EventStoreContract.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.core.eventstore.Direction;
import dev.tributary.core.eventstore.EventStoreContract.Recording;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.Subscription;
import dev.tributary.log.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded store does beyond the contract ({@code EmbeddedEventStoreContractTest} runs that). */
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

    @Test
    void argumentsThatCanNeverWorkAreRefusedAtOnce() {
        assertThatThrownBy(() -> store.appendToStream("no spaces", ExpectedVersion.any(), events("s", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stream id");
        assertThatThrownBy(() -> store.readAll(0, Direction.FORWARD, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCount");
        assertThatThrownBy(() -> store.subscribeToAll(-1, new Recording()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventStoreOptions("Bad Name", 4, Durability.FSYNC, 10, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bus:");
    }

    @Test
    void theStreamsAndTheOrderAreTheSameAfterAReopen() {
        for (int i = 0; i < 6; i++) {
            store.appendToStream("cart-" + (i % 3), ExpectedVersion.any(), events("g" + i, 2)).join();
        }
        List<String> ids = store.readAll(0, Direction.FORWARD, 100).events().stream()
                .map(e -> e.event().getId()).toList();
        store.close();
        store = EmbeddedEventStore.open(dir, options());
        assertThat(store.readAll(0, Direction.FORWARD, 100).events()).extracting(e -> e.event().getId())
                .isEqualTo(ids);
        assertThat(store.readStream("cart-1", 0, Direction.FORWARD, 10).currentVersion()).isEqualTo(3);
        assertThat(store.appendToStream("cart-1", ExpectedVersion.exactly(3), events("n", 1)).join().position())
                .isEqualTo(12);
    }

    @Test
    void aLiveSubscriptionThatFallsBehindSaysSoAndCatchesUpAgain() {
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
            await().atMost(WAIT).until(() -> recording.caughtUp.size() == 1);
            store.appendToStream("burst", ExpectedVersion.any(), events("first", 1)).join();
            await().atMost(WAIT).until(() -> recording.events.size() == 1);
            for (int i = 0; i < 10; i++) {
                store.appendToStream("burst", ExpectedVersion.any(), events("b" + i, 100)).join();
            }
            release.countDown();
            await().atMost(WAIT).until(() -> recording.events.size() == 1001 && recording.caughtUp.size() == 2);
            assertThat(recording.caughtUp).containsExactly(0L, 1001L);
            assertThat(recording.fellBehind).containsExactly(501L);
            assertThat(recording.events).extracting(RecordedEvent::position)
                    .isEqualTo(LongStream.range(0, 1001).boxed().toList());
        }
    }

    @Test
    void closingTheStoreEndsItsSubscriptions() throws Exception {
        Recording recording = new Recording();
        store.subscribeToAll(0, recording);
        await().atMost(WAIT).until(() -> recording.caughtUp.size() == 1);
        store.close();
        assertThat(recording.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recording.error.get()).isNull();
        assertThatThrownBy(() -> store.readAll(0, Direction.FORWARD, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noMoreSubscriptionsThanTheOptionAllows() {
        store.close();
        store = EmbeddedEventStore.open(dir, options().withMaxSubscriptions(1));
        try (Subscription first = store.subscribeToAll(0, new Recording())) {
            assertThatThrownBy(() -> store.subscribeToAll(0, new Recording()))
                    .hasMessageContaining("at most 1 subscriptions")
                    .hasMessageContaining("maxSubscriptions");
        }
    }
}
