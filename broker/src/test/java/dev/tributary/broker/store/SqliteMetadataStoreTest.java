package dev.tributary.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to the SQLite metadata store: its settings, its schema migrations, its query plans. */
class SqliteMetadataStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("metadata.db");
    }

    @Test
    void recordsTheSchemaVersionItMigratedTo() throws SQLException {
        MetadataStore.openSqlite(file()).close();

        assertThat(query("SELECT version, description FROM schema_version"))
                .containsExactly(List.of("1", "subscriptions, cursors, retries, attempts"),
                        List.of("2", "index of retries by ordering key, for the parked events of ordered subscriptions"),
                        List.of("3", "the incarnation of the bus that a subscription's cursors and retries belong to"),
                        List.of("4", "API keys and the audit log"),
                        List.of("5", "inbound webhooks"),
                        List.of("6", "per-key rate limits"),
                        List.of("7", "schema registry: subjects and schema versions"),
                        List.of("8", "schema enforcement per bus"));
    }

    @Test
    void reopeningDoesNotApplyTheMigrationsAgain() throws SQLException {
        try (MetadataStore store = MetadataStore.openSqlite(file())) {
            store.subscriptions().create("orders-audit", "orders", "{}", T0);
        }
        List<List<String>> versions = query("SELECT version, applied_at FROM schema_version");

        try (MetadataStore store = MetadataStore.openSqlite(file())) {
            assertThat(store.subscriptions().get("orders-audit")).isPresent();
        }

        assertThat(query("SELECT version, applied_at FROM schema_version")).isEqualTo(versions);
    }

    @Test
    void refusesADatabaseWrittenByANewerSchema() throws SQLException {
        MetadataStore.openSqlite(file()).close();
        int future = Migrations.ALL.size() + 1;
        execute("INSERT INTO schema_version (version, description, applied_at) VALUES (" + future
                + ", 'from the future', 0)");

        assertThatThrownBy(() -> MetadataStore.openSqlite(file()))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("schema version " + future)
                .hasMessageContaining("newer");
    }

    @Test
    void aFailedMigrationChangesNothingAndIsRetriedOnTheNextOpen() throws SQLException {
        Migrations.Migration first = migration(1, "CREATE TABLE first (x INTEGER)");
        Migrations.Migration broken = migration(2, "CREATE TABLE second (x INTEGER)", "CREATE TABLE oops (");
        Migrations.Migration fixed = migration(2, "CREATE TABLE second (x INTEGER)");

        try (Database db = database()) {
            assertThatThrownBy(() -> Migrations.apply(db, List.of(first, broken), T0))
                    .isInstanceOf(MetadataException.class)
                    .hasMessageContaining("apply schema migration 2");
        }
        assertThat(query("SELECT version FROM schema_version")).containsExactly(List.of("1"));
        assertThat(tables()).contains("first").doesNotContain("second");

        try (Database db = database()) {
            assertThat(Migrations.apply(db, List.of(first, fixed), T0)).isEqualTo(2);
        }
        assertThat(query("SELECT version FROM schema_version")).containsExactly(List.of("1"), List.of("2"));
        assertThat(tables()).contains("first", "second");
    }

    @Test
    void runsWithAWriteAheadLogAndFullSynchronousCommits() {
        try (SqliteMetadataStore store = (SqliteMetadataStore) MetadataStore.openSqlite(file())) {
            assertThat(store.pragma("journal_mode")).isEqualTo("wal");
            assertThat(store.pragma("synchronous")).isEqualTo("2");
            assertThat(store.pragma("foreign_keys")).isEqualTo("1");
            assertThat(Integer.parseInt(store.pragma("busy_timeout"))).isPositive();
        }
    }

    @Test
    void createsMissingFolders() {
        Path nested = dir.resolve("data/meta/metadata.db");

        MetadataStore.openSqlite(nested).close();

        assertThat(nested).exists();
    }

    @Test
    void refusesAFileThatIsNotADatabase() throws Exception {
        Files.writeString(file(), "this is not a SQLite database, just text long enough to have a header".repeat(20));

        assertThatThrownBy(() -> MetadataStore.openSqlite(file()))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining(file().toString());
    }

    @Test
    void aClosedStoreRefusesUseAndClosesTwiceQuietly() {
        MetadataStore store = MetadataStore.openSqlite(file());
        store.close();
        store.close();

        assertThatThrownBy(() -> store.subscriptions().get("orders-audit"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aStorageFailureNamesTheStoreTheOperationAndTheSubscription() throws SQLException {
        try (MetadataStore store = MetadataStore.openSqlite(file())) {
            store.subscriptions().create("orders-audit", "orders", "{}", T0);
            execute("DROP TABLE attempts");
            Attempt attempt = new Attempt(0, "orders-audit", 0, 1, "evt-1", "/shop", 1, T0, Duration.ZERO, 200,
                    "DELIVERED", null, null);

            assertThatThrownBy(() -> store.attempts().record(attempt))
                    .isInstanceOf(MetadataException.class)
                    .hasMessageContaining(file().toString())
                    .hasMessageContaining("record attempt")
                    .hasMessageContaining("subscription 'orders-audit'");
            assertThat(store.subscriptions().get("orders-audit")).isPresent();
        }
    }

    @Test
    void dueAndNextDueSeekTheRetryIndexInsteadOfScanning() throws SQLException {
        MetadataStore.openSqlite(file()).close();
        for (String sql : List.of(
                SqlRetryQueue.TOP_LEVEL,
                SqlRetryQueue.NEXT_LEVEL,
                SqlRetryQueue.DUE_AT_LEVEL,
                SqlRetryQueue.FIRST_DUE_AT_LEVEL)) {
            List<String> plan = query("EXPLAIN QUERY PLAN " + sql, "orders-audit", 1, 1, 1).stream()
                    .map(row -> row.get(3))
                    .toList();

            assertThat(plan).as(sql).singleElement().asString().startsWith("SEARCH retries USING")
                    .contains("INDEX retries_by_priority (subscription_id=?");
        }
    }

    private static Migrations.Migration migration(int version, String... statements) {
        return new Migrations.Migration(version, "test " + version, List.of(statements));
    }

    private Database database() throws SQLException {
        return new Database("test database", DriverManager.getConnection("jdbc:sqlite:" + file()));
    }

    private List<String> tables() throws SQLException {
        return query("SELECT name FROM sqlite_master WHERE type = 'table'").stream()
                .map(row -> row.get(0))
                .toList();
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<List<String>> query(String sql, Object... parameters) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length && i < s.getParameterMetaData().getParameterCount(); i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    List<String> row = new ArrayList<>();
                    for (int column = 1; column <= r.getMetaData().getColumnCount(); column++) {
                        row.add(r.getString(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
