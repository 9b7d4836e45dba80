package dev.tributary.broker.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link AttemptLog} contract against SQLite, one fresh database file per test. */
class SqliteAttemptLogTest extends AttemptLogContract {
    @TempDir
    Path dir;

    @Override
    protected MetadataStore open() {
        return MetadataStore.openSqlite(dir.resolve("metadata.db"));
    }
}
