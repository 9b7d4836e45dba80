package dev.tributary.eventstore;

import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.EventStoreContract;
import dev.tributary.log.Durability;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The event-store contract, embedded. */
class EmbeddedEventStoreContractTest extends EventStoreContract {
    @TempDir
    Path dir;

    @Override
    protected EventStore open() {
        return EmbeddedEventStore.open(dir, EventStoreOptions.defaults().withDurability(Durability.NONE));
    }
}
