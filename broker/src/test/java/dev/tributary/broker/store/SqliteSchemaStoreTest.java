package dev.tributary.broker.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link SchemaStore} contract against SQLite, one fresh database file per test. */
class SqliteSchemaStoreTest extends SchemaStoreContract {
    @TempDir
    Path dir;

    @Override
    protected MetadataStore open() {
        return MetadataStore.openSqlite(dir.resolve("metadata.db"));
    }
}
