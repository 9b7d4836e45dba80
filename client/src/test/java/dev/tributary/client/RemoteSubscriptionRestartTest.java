package dev.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.EventStoreContract;
import dev.tributary.core.eventstore.EventStoreContract.Recording;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote subscription across a restart of its node: a pause, then the rest, without a gap or a duplicate. */
class RemoteSubscriptionRestartTest {
    @TempDir
    Path dir;

    @Test
    void aSubscriptionReconnectsFromItsCheckpointWhenTheNodeRestarts() {
        TestNode node = TestNode.start(dir);
        int port = node.node.port();
        String token = node.adminToken;
        try (TributaryClient client = TributaryClient.builder(node.url()).token(token).build()) {
            client.createBus("ledger", 2);
            EventStore store = client.eventStore("ledger");
            store.appendToStream("acct-1", ExpectedVersion.any(), EventStoreContract.events("before", 5)).join();
            Recording recording = new Recording();
            try (Subscription s = store.subscribeToAll(0, recording)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> recording.caughtUp.size() == 1);
                node.close();
                node = TestNode.restart(dir, port);
                store.appendToStream("acct-1", ExpectedVersion.exactly(4), EventStoreContract.events("after", 5))
                        .join();
                await().atMost(Duration.ofSeconds(30)).until(() -> recording.events.size() >= 10);
                assertThat(recording.events).extracting(RecordedEvent::position)
                        .isEqualTo(LongStream.range(0, 10).boxed().toList());
                await().atMost(Duration.ofSeconds(10)).until(() -> s.checkpoint() == 10);
                assertThat(recording.error.get()).isNull();
            }
        } finally {
            node.close();
        }
    }
}
