package dev.tributary.core.eventstore.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What differs between the two databases a {@link ProjectionStore} runs on; everything else is one SQL for both
 * (upserts are {@code INSERT … ON CONFLICT … DO UPDATE}, which both have).
 */
enum Dialect {
    SQLITE,
    POSTGRES;

    /** Which dialect a connection speaks, from its driver's product name. */
    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if (product.equalsIgnoreCase("SQLite")) {
            return SQLITE;
        }
        if (product.equalsIgnoreCase("PostgreSQL")) {
            return POSTGRES;
        }
        throw new IllegalArgumentException("a projection store runs on SQLite or PostgreSQL, not " + product);
    }

    /** Settings every new connection gets before it is used. */
    void prepare(Connection connection) throws SQLException {
        if (this == SQLITE) {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                // NORMAL, not FULL: in WAL mode a commit is still atomic, and a power loss can only undo the last
                // commits, states and checkpoint together; the projection then applies those events again. The
                // states are derived from the log (docs/adr/0019-projections.md), so a per-commit fsync buys nothing.
                s.execute("PRAGMA synchronous = NORMAL");
                // two writers share a file during a rebuild, and projections may share one: wait, do not fail
                s.execute("PRAGMA busy_timeout = 30000");
            }
        }
    }

    /** The state table of one projection version; {@code text} states are a {@code TEXT} column, others bytes. */
    String createStateTable(String quotedTable, boolean text) {
        return switch (this) {
            case SQLITE -> "CREATE TABLE IF NOT EXISTS " + quotedTable + " (state_key TEXT PRIMARY KEY, state "
                    + (text ? "TEXT" : "BLOB") + " NOT NULL, changed_at INTEGER NOT NULL) WITHOUT ROWID";
            // "C": keys page in code-point order, as in SQLite, whatever the database's collation
            case POSTGRES -> "CREATE TABLE IF NOT EXISTS " + quotedTable + " (state_key TEXT COLLATE \"C\" PRIMARY"
                    + " KEY, state " + (text ? "TEXT" : "BYTEA") + " NOT NULL, changed_at BIGINT NOT NULL)";
        };
    }
}
