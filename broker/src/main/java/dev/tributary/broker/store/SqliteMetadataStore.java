package dev.tributary.broker.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * The embedded metadata store: one SQLite database file, reached through one JDBC connection guarded by a lock
 * ({@link Database}); its stores share it.
 *
 * <p>The connection runs with a write-ahead log (readers never wait for the writer's fsync), {@code synchronous=FULL}
 * (every commit is flushed to disk before it returns: a committed offset or a scheduled retry is a promise, so it must
 * survive a power cut, not only a crash of the process), foreign keys enforced, {@code BEGIN IMMEDIATE} transactions
 * (a writer takes the write lock up front, so another process on the same file makes it wait, never deadlock) and a
 * busy timeout for that wait. These settings are read back after opening; if SQLite did not take one, opening fails
 * rather than run with weaker guarantees.
 */
final class SqliteMetadataStore implements MetadataStore {
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    /** What each pragma must read back as: WAL journal, synchronous=FULL (2), foreign keys on (1). */
    private static final Map<String, String> REQUIRED_SETTINGS =
            Map.of("journal_mode", "wal", "synchronous", "2", "foreign_keys", "1");

    private final Database db;
    private final SubscriptionStore subscriptions;
    private final CursorStore cursors;
    private final RetryQueue retries;
    private final AttemptLog attempts;
    private final ApiKeyStore keys;
    private final AuditLog audit;
    private final HookStore hooks;
    private final SchemaStore schemas;
    private final EnforcementStore enforcement;

    private SqliteMetadataStore(Database db) {
        this.db = db;
        this.subscriptions = new SqlSubscriptionStore(db);
        this.cursors = new SqlCursorStore(db);
        this.retries = new SqlRetryQueue(db);
        this.attempts = new SqlAttemptLog(db);
        this.keys = new SqlApiKeyStore(db);
        this.audit = new SqlAuditLog(db);
        this.hooks = new SqlHookStore(db);
        this.schemas = new SqlSchemaStore(db);
        this.enforcement = new SqlEnforcementStore(db);
    }

    static MetadataStore open(Path file) {
        Path path = Check.present(file, "file").toAbsolutePath();
        String name = "metadata store " + path;
        Connection connection;
        try {
            Files.createDirectories(path.getParent());
            connection = config().createConnection("jdbc:sqlite:" + path);
        } catch (IOException | SQLException e) {
            throw new MetadataException(name + ": cannot open: " + e.getMessage(), e);
        }
        Database db = new Database(name, connection);
        try {
            db.read("check settings", null, c -> requireSettings(c, name));
            // The time a migration was applied is for people reading the table, not for any decision.
            Migrations.apply(db, Migrations.ALL, Instant.now());
        } catch (RuntimeException e) {
            try {
                db.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new SqliteMetadataStore(db);
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return config;
    }

    private static Void requireSettings(Connection c, String name) throws SQLException {
        for (Map.Entry<String, String> setting : REQUIRED_SETTINGS.entrySet()) {
            String actual = pragma(c, setting.getKey());
            if (!setting.getValue().equalsIgnoreCase(actual)) {
                throw new MetadataException(name + ": SQLite did not accept " + setting.getKey() + "="
                        + setting.getValue() + " (it is " + actual + ")");
            }
        }
        return null;
    }

    static String pragma(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("PRAGMA " + pragma)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /** The value of a pragma on this store's connection; for tests. */
    String pragma(String pragma) {
        return db.read("read pragma " + pragma, null, c -> pragma(c, pragma));
    }

    @Override
    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    @Override
    public CursorStore cursors() {
        return cursors;
    }

    @Override
    public RetryQueue retries() {
        return retries;
    }

    @Override
    public AttemptLog attempts() {
        return attempts;
    }

    @Override
    public ApiKeyStore keys() {
        return keys;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public HookStore hooks() {
        return hooks;
    }

    @Override
    public SchemaStore schemas() {
        return schemas;
    }

    @Override
    public EnforcementStore enforcement() {
        return enforcement;
    }

    @Override
    public void close() {
        db.close();
    }
}
