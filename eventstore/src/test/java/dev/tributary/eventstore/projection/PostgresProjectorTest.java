package dev.tributary.eventstore.projection;

import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.projection.FlakyDataSource;
import dev.tributary.core.eventstore.projection.PostgresDatabase;
import dev.tributary.core.eventstore.projection.ProjectionStore;
import dev.tributary.core.eventstore.projection.ProjectorContract;
import dev.tributary.eventstore.EmbeddedEventStore;
import dev.tributary.eventstore.EventStoreOptions;
import dev.tributary.log.Durability;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The projector contract over an embedded store, with its states in PostgreSQL (a schema of each test's own). */
class PostgresProjectorTest extends ProjectorContract {
    @TempDir
    Path dir;

    private String url;

    @BeforeEach
    void createSchema() {
        url = PostgresDatabase.freshSchema("projector");
    }

    @Override
    protected void cleanUp() {
        PostgresDatabase.dropSchema(url);
    }

    @Override
    protected EventStore openEvents() {
        return EmbeddedEventStore.open(dir.resolve("store"), EventStoreOptions.defaults().withDurability(Durability.NONE));
    }

    @Override
    protected ProjectionStore openStates() {
        return PostgresDatabase.store(url);
    }

    @Override
    protected FlakyDataSource flakyDatabase() {
        return new FlakyDataSource(url, PostgresDatabase.USER);
    }
}
