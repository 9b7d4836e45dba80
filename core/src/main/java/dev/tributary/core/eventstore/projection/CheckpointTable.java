package dev.tributary.core.eventstore.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the two tables every projection store has, the same for SQLite and PostgreSQL:
 *
 * <pre>
 *   tributary_projections        (projection, version) → serving, checkpoint, status, last_error, error_position,
 *                                                        skipped, updated_at (epoch ms)
 *   tributary_projection_skips   (projection, version, position) → error, skipped_at: every event an operator skipped
 * </pre>
 *
 * A checkpoint only moves by {@link #advance} from the value the runner read: a second projector running the same
 * version finds it moved, changes nothing, and stops, so that no event is applied twice even then. Stateless; each
 * method runs on the connection (and in the transaction) it is given.
 */
final class CheckpointTable {
    private static final String COLUMNS =
            "projection, version, serving, checkpoint, status, last_error, error_position, skipped, updated_at";

    private CheckpointTable() {}

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS tributary_projections (projection TEXT NOT NULL, version INTEGER"
                    + " NOT NULL, serving INTEGER NOT NULL, checkpoint BIGINT NOT NULL, status TEXT NOT NULL,"
                    + " last_error TEXT, error_position BIGINT NOT NULL, skipped BIGINT NOT NULL, updated_at BIGINT"
                    + " NOT NULL, PRIMARY KEY (projection, version))");
            s.execute("CREATE TABLE IF NOT EXISTS tributary_projection_skips (projection TEXT NOT NULL, version"
                    + " INTEGER NOT NULL, position BIGINT NOT NULL, error TEXT, skipped_at BIGINT NOT NULL,"
                    + " PRIMARY KEY (projection, version, position))");
        }
    }

    /** Every stored version of {@code projection}, lowest first. */
    static List<CheckpointRow> rows(Connection c, String projection) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM tributary_projections WHERE projection = ? ORDER BY version")) {
            s.setString(1, projection);
            List<CheckpointRow> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(row(r));
                }
            }
            return rows;
        }
    }

    static Optional<CheckpointRow> row(Connection c, String projection, int version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM tributary_projections WHERE projection = ? AND version = ?")) {
            s.setString(1, projection);
            s.setInt(2, version);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    private static CheckpointRow row(ResultSet r) throws SQLException {
        return new CheckpointRow(r.getString(1), r.getInt(2), r.getInt(3) != 0, r.getLong(4),
                ProjectionState.valueOf(r.getString(5)), r.getString(6), r.getLong(7), r.getLong(8),
                Instant.ofEpochMilli(r.getLong(9)));
    }

    /** A new version's row at position 0. */
    static void insert(Connection c, String projection, int version, boolean serving, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO tributary_projections (" + COLUMNS
                + ") VALUES (?, ?, ?, 0, ?, NULL, -1, 0, ?)")) {
            s.setString(1, projection);
            s.setInt(2, version);
            s.setInt(3, serving ? 1 : 0);
            s.setString(4, ProjectionState.CATCHING_UP.name());
            s.setLong(5, now.toEpochMilli());
            s.executeUpdate();
        }
    }

    /**
     * Moves the checkpoint from {@code expected} to {@code next} with {@code status}, and records {@code error} at
     * {@code errorPosition} when it is not null; false (and nothing changed) when the stored checkpoint is not
     * {@code expected}.
     */
    static boolean advance(Connection c, String projection, int version, long expected, long next,
            ProjectionState status, String error, long errorPosition, Instant now) throws SQLException {
        String sql = error == null
                ? "UPDATE tributary_projections SET checkpoint = ?, status = ?, updated_at = ?"
                        + " WHERE projection = ? AND version = ? AND checkpoint = ?"
                : "UPDATE tributary_projections SET checkpoint = ?, status = ?, updated_at = ?, last_error = ?,"
                        + " error_position = ? WHERE projection = ? AND version = ? AND checkpoint = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setLong(i++, next);
            s.setString(i++, status.name());
            s.setLong(i++, now.toEpochMilli());
            if (error != null) {
                s.setString(i++, error);
                s.setLong(i++, errorPosition);
            }
            s.setString(i++, projection);
            s.setInt(i++, version);
            s.setLong(i, expected);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Records that an operator skipped the failure at {@code position} ({@code error}) and moves the checkpoint from
     * {@code expected} to {@code next}; false when the checkpoint is not {@code expected}.
     */
    static boolean skip(Connection c, String projection, int version, long expected, long next, long position,
            String error, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE tributary_projections SET checkpoint = ?, status = ?,"
                + " skipped = skipped + 1, updated_at = ? WHERE projection = ? AND version = ? AND checkpoint = ?")) {
            s.setLong(1, next);
            s.setString(2, ProjectionState.CATCHING_UP.name());
            s.setLong(3, now.toEpochMilli());
            s.setString(4, projection);
            s.setInt(5, version);
            s.setLong(6, expected);
            if (s.executeUpdate() != 1) {
                return false;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO tributary_projection_skips (projection, version,"
                + " position, error, skipped_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, projection);
            s.setInt(2, version);
            s.setLong(3, position);
            s.setString(4, error);
            s.setLong(5, now.toEpochMilli());
            s.executeUpdate();
        }
        return true;
    }

    /** The positions skipped in a version, with their errors, in order. */
    static List<SkippedEvent> skips(Connection c, String projection, int version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT position, error, skipped_at FROM"
                + " tributary_projection_skips WHERE projection = ? AND version = ? ORDER BY position")) {
            s.setString(1, projection);
            s.setInt(2, version);
            List<SkippedEvent> skips = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    skips.add(new SkippedEvent(r.getLong(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))));
                }
            }
            return skips;
        }
    }

    /** Makes {@code version} the one queries answer from, and no other. */
    static void serve(Connection c, String projection, int version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE tributary_projections SET serving = CASE WHEN version"
                + " = ? THEN 1 ELSE 0 END WHERE projection = ?")) {
            s.setInt(1, version);
            s.setString(2, projection);
            s.executeUpdate();
        }
    }

    /** Forgets a version: its row and its skips. */
    static void delete(Connection c, String projection, int version) throws SQLException {
        for (String table : new String[] {"tributary_projections", "tributary_projection_skips"}) {
            try (PreparedStatement s =
                    c.prepareStatement("DELETE FROM " + table + " WHERE projection = ? AND version = ?")) {
                s.setString(1, projection);
                s.setInt(2, version);
                s.executeUpdate();
            }
        }
    }
}
