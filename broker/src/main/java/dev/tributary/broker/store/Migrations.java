package dev.tributary.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The schema of the metadata store and the numbered migrations that build it. Each migration runs in its own
 * transaction together with the row that records it in {@code schema_version}, so a crash leaves the schema at one
 * version or the next, never between. Opening a database written by a newer version is refused.
 *
 * <p>Timestamps are epoch microseconds and durations microseconds, in {@code BIGINT}s. The delivery tables
 * ({@code cursors}, {@code retries}, {@code attempts}) reference {@code subscriptions}; deleting a subscription
 * deletes its rows explicitly first (see
 * {@link SqlSubscriptionStore}), and the foreign keys make a forgotten table fail the delete rather than leave orphans.
 *
 * <pre>
 * schema_version  version PK, description, applied_at
 *
 * subscriptions   id PK, bus, document (JSON text), revision, created_at, updated_at,
 *                 bus_incarnation (migration 3; nullable until first attached)  CursorStore.attach
 *                 index subscriptions_by_bus (bus, id)                     list(bus)
 *
 * cursors         (subscription_id, partition_no) PK, committed_offset
 *
 * retries         (subscription_id, partition_no, event_offset) PK,         schedule, find, remove, list, retryingKeys
 *                 event_id, event_source, ordering_key (nullable), priority, attempts,
 *                 first_attempt_at, due_at, last_status, last_error (nullable, ≤ 1 KB)
 *                 index retries_by_priority                                 due, nextDue: per subscription and
 *                   (subscription_id, priority, due_at, event_offset, partition_no)    priority, a range of due_at
 *                 index retries_by_key (migration 2)                        resolve: a key's first parked
 *                   (subscription_id, partition_no, ordering_key, due_at, event_offset)
 *
 * attempts        sequence PK (increasing, never reused), subscription_id, partition_no, event_offset,
 *                 event_id, event_source, attempt_no, started_at, duration_micros, status, outcome,
 *                 error (nullable, ≤ 1 KB), response (nullable, ≤ 1 KB)
 *                 index attempts_by_subscription (subscription_id, sequence)                   bySubscription
 *                 index attempts_by_event (subscription_id, event_source, event_id, sequence)  byEvent
 *                 index attempts_by_start (started_at)                                         purgeBefore
 *
 * api_keys        id PK (the key's public prefix), name UNIQUE, secret_hash (SHA-256 of the secret; never the
 *                 secret), scopes (space-separated), created_at, expires_at, last_used_at, revoked_at (nullable),
 *                 requests_per_second, events_per_second (migration 6; nullable: the node's defaults)
 *
 * audit           sequence PK (increasing), at, actor (key name or token subject), address, action, resource,
 *                 status (the HTTP status answered), detail (nullable, ≤ 1 KB)
 *                 index audit_by_time (at)                                  list, purgeBefore
 *
 * hooks           name PK, bus, document (JSON text, secrets included), created_at, updated_at
 *
 * schema_subjects (bus, type) PK (bus '' for a subject of every bus),       SchemaStore subject, subjects,
 * (migration 7)   compatibility (nullable: the default)                     setCompatibility
 *
 * schemas         (bus, type, version) PK, (bus, type) → schema_subjects,   add, get, versions (the PK serves a
 * (migration 7)   document (JSON text as registered), fingerprint,          subject's versions in order), delete
 *                 created_at, deleted_at (nullable while live)              (sets deleted_at, removes nothing)
 *
 * schema_enforcement bus PK, incarnation, mode (off, warn, enforce)        EnforcementStore (migration 8)
 * </pre>
 *
 * <p>The DDL is plain SQL that PostgreSQL also accepts, except where a comment marks a SQLite form.
 */
final class Migrations {

    /** One step of the schema, applied once, in version order. */
    record Migration(int version, String description, List<String> statements) {}

    static final List<Migration> ALL = List.of(new Migration(
            1,
            "subscriptions, cursors, retries, attempts",
            List.of(
                    """
                    CREATE TABLE subscriptions (
                        id         TEXT   NOT NULL PRIMARY KEY,
                        bus        TEXT   NOT NULL,
                        document   TEXT   NOT NULL,
                        revision   BIGINT NOT NULL,
                        created_at BIGINT NOT NULL,
                        updated_at BIGINT NOT NULL)""",
                    "CREATE INDEX subscriptions_by_bus ON subscriptions (bus, id)",
                    """
                    CREATE TABLE cursors (
                        subscription_id  TEXT    NOT NULL REFERENCES subscriptions (id),
                        partition_no     INTEGER NOT NULL,
                        committed_offset BIGINT  NOT NULL,
                        PRIMARY KEY (subscription_id, partition_no))""",
                    """
                    CREATE TABLE retries (
                        subscription_id  TEXT    NOT NULL REFERENCES subscriptions (id),
                        partition_no     INTEGER NOT NULL,
                        event_offset     BIGINT  NOT NULL,
                        event_id         TEXT    NOT NULL,
                        event_source     TEXT    NOT NULL,
                        ordering_key     TEXT,
                        priority         INTEGER NOT NULL,
                        attempts         INTEGER NOT NULL,
                        first_attempt_at BIGINT  NOT NULL,
                        due_at           BIGINT  NOT NULL,
                        last_status      INTEGER NOT NULL,
                        last_error       TEXT,
                        PRIMARY KEY (subscription_id, partition_no, event_offset))""",
                    """
                    CREATE INDEX retries_by_priority
                        ON retries (subscription_id, priority, due_at, event_offset, partition_no)""",
                    // SQLite form; PostgreSQL: "sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY".
                    // AUTOINCREMENT keeps sequences from being reused after the newest attempts are purged.
                    """
                    CREATE TABLE attempts (
                        sequence        INTEGER PRIMARY KEY AUTOINCREMENT,
                        subscription_id TEXT    NOT NULL REFERENCES subscriptions (id),
                        partition_no    INTEGER NOT NULL,
                        event_offset    BIGINT  NOT NULL,
                        event_id        TEXT    NOT NULL,
                        event_source    TEXT    NOT NULL,
                        attempt_no      INTEGER NOT NULL,
                        started_at      BIGINT  NOT NULL,
                        duration_micros BIGINT  NOT NULL,
                        status          INTEGER NOT NULL,
                        outcome         TEXT    NOT NULL,
                        error           TEXT,
                        response        TEXT)""",
                    "CREATE INDEX attempts_by_subscription ON attempts (subscription_id, sequence)",
                    "CREATE INDEX attempts_by_event ON attempts (subscription_id, event_source, event_id, sequence)",
                    "CREATE INDEX attempts_by_start ON attempts (started_at)")),
            new Migration(
                    2,
                    "index of retries by ordering key, for the parked events of ordered subscriptions",
                    List.of("CREATE INDEX retries_by_key"
                            + " ON retries (subscription_id, partition_no, ordering_key, due_at, event_offset)")),
            new Migration(
                    3,
                    "the incarnation of the bus that a subscription's cursors and retries belong to",
                    List.of("ALTER TABLE subscriptions ADD COLUMN bus_incarnation TEXT")),
            new Migration(
                    4,
                    "API keys and the audit log",
                    List.of(
                            """
                            CREATE TABLE api_keys (
                                id           TEXT   NOT NULL PRIMARY KEY,
                                name         TEXT   NOT NULL UNIQUE,
                                secret_hash  TEXT   NOT NULL,
                                scopes       TEXT   NOT NULL,
                                created_at   BIGINT NOT NULL,
                                expires_at   BIGINT,
                                last_used_at BIGINT,
                                revoked_at   BIGINT)""",
                            // SQLite form; PostgreSQL: "sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY".
                            """
                            CREATE TABLE audit (
                                sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                                at       BIGINT  NOT NULL,
                                actor    TEXT    NOT NULL,
                                address  TEXT    NOT NULL,
                                action   TEXT    NOT NULL,
                                resource TEXT    NOT NULL,
                                status   INTEGER NOT NULL,
                                detail   TEXT)""",
                            "CREATE INDEX audit_by_time ON audit (at)")),
            new Migration(
                    5,
                    "inbound webhooks",
                    List.of("""
                            CREATE TABLE hooks (
                                name       TEXT   NOT NULL PRIMARY KEY,
                                bus        TEXT   NOT NULL,
                                document   TEXT   NOT NULL,
                                created_at BIGINT NOT NULL,
                                updated_at BIGINT NOT NULL)""")),
            new Migration(
                    6,
                    "per-key rate limits",
                    List.of("ALTER TABLE api_keys ADD COLUMN requests_per_second BIGINT",
                            "ALTER TABLE api_keys ADD COLUMN events_per_second BIGINT")),
            new Migration(
                    7,
                    "schema registry: subjects and schema versions",
                    List.of(
                            // '' rather than NULL for "every bus": PostgreSQL allows no NULL in a primary key.
                            """
                            CREATE TABLE schema_subjects (
                                bus           TEXT NOT NULL DEFAULT '',
                                type          TEXT NOT NULL,
                                compatibility TEXT,
                                PRIMARY KEY (bus, type))""",
                            """
                            CREATE TABLE schemas (
                                bus         TEXT    NOT NULL DEFAULT '',
                                type        TEXT    NOT NULL,
                                version     INTEGER NOT NULL,
                                document    TEXT    NOT NULL,
                                fingerprint TEXT    NOT NULL,
                                created_at  BIGINT  NOT NULL,
                                deleted_at  BIGINT,
                                PRIMARY KEY (bus, type, version),
                                FOREIGN KEY (bus, type) REFERENCES schema_subjects (bus, type))""")),
            new Migration(
                    8,
                    "schema enforcement per bus",
                    List.of("""
                            CREATE TABLE schema_enforcement (
                                bus         TEXT NOT NULL PRIMARY KEY,
                                incarnation TEXT NOT NULL,
                                mode        TEXT NOT NULL)""")));

    private static final String CREATE_VERSION_TABLE =
            """
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER NOT NULL PRIMARY KEY,
                description TEXT    NOT NULL,
                applied_at  BIGINT  NOT NULL)""";
    private static final String SELECT_VERSION = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
    private static final String INSERT_VERSION =
            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)";

    private Migrations() {}

    /**
     * Brings the database up to the last of {@code migrations}, which are numbered 1, 2, 3… in order.
     *
     * @return the schema version the database is at now
     * @throws MetadataException if the database is at a version newer than the last migration, or one fails
     */
    static int apply(Database db, List<Migration> migrations, Instant now) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration " + (i + 1) + " is numbered "
                        + migrations.get(i).version());
            }
        }
        db.write("create schema_version", null, c -> execute(c, CREATE_VERSION_TABLE));
        int latest = migrations.size();
        int current = db.read("read schema version", null, Migrations::version);
        if (current > latest) {
            throw new MetadataException("schema version " + current + " of the metadata store is newer than this"
                    + " Tributary knows (" + latest + "): upgrade Tributary or restore a matching backup");
        }
        for (Migration migration : migrations.subList(current, latest)) {
            db.write("apply schema migration " + migration.version(), null, c -> {
                // Another process may have migrated since we looked; the transaction makes this check exact.
                if (version(c) < migration.version()) {
                    for (String statement : migration.statements()) {
                        execute(c, statement);
                    }
                    try (PreparedStatement insert = c.prepareStatement(INSERT_VERSION)) {
                        insert.setInt(1, migration.version());
                        insert.setString(2, migration.description());
                        insert.setLong(3, Micros.of(now));
                        insert.executeUpdate();
                    }
                }
                return null;
            });
        }
        return latest;
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(SELECT_VERSION)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }
}
