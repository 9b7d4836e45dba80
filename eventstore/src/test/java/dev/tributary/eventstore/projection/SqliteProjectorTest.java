package dev.tributary.eventstore.projection;

import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.projection.FlakyDataSource;
import dev.tributary.core.eventstore.projection.ProjectionStore;
import dev.tributary.core.eventstore.projection.ProjectorContract;
import dev.tributary.eventstore.EmbeddedEventStore;
import dev.tributary.eventstore.EventStoreOptions;
import dev.tributary.log.Durability;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The projector contract over an embedded store, with its states in a SQLite file. */
class SqliteProjectorTest extends ProjectorContract {
    @TempDir
    Path dir;

    @Override
    protected EventStore openEvents() {
        return EmbeddedEventStore.open(dir.resolve("store"), EventStoreOptions.defaults().withDurability(Durability.NONE));
    }

    @Override
    protected ProjectionStore openStates() {
        return ProjectionStore.sqlite(dir.resolve("projections.db"));
    }

    @Override
    protected FlakyDataSource flakyDatabase() {
        return new FlakyDataSource("jdbc:sqlite:" + dir.resolve("projections.db"), null);
    }
}
