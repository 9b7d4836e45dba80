package dev.tributary.client;

import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.EventStoreContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The event-store contract against a real node over HTTP: a bus of its own per test. */
class RemoteEventStoreContractTest extends EventStoreContract {
    private static final AtomicInteger BUSES = new AtomicInteger();

    @TempDir
    static Path dir;

    static TestNode node;
    static TributaryClient client;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(dir);
        client = node.adminClient();
    }

    @AfterAll
    static void stopNode() {
        client.close();
        node.close();
    }

    @Override
    protected EventStore open() {
        String bus = "contract-" + BUSES.incrementAndGet();
        client.createBus(bus, 4);
        return client.eventStore(bus);
    }
}
