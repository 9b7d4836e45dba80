package dev.tributary.core.eventstore.projection;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of one projection version's states: {@code "tp_<name>_v<version>"}, one row per key.
 *
 * <pre>
 *   state_key  TEXT primary key     the key (code-point order)
 *   state      TEXT | BLOB/BYTEA    the codec's encoding (TEXT when the codec is text)
 *   changed_at BIGINT               the global position of the last event that changed it
 * </pre>
 *
 * Immutable; its methods take the connection to run on.
 */
final class StateTable {
    private final String name;
    private final String quoted;
    private final Dialect dialect;
    private final boolean text;

    StateTable(String projection, int version, Dialect dialect, boolean text) {
        this.name = "tp_" + projection + "_v" + version;
        this.quoted = '"' + name + '"';
        this.dialect = dialect;
        this.text = text;
    }

    String name() {
        return name;
    }

    String quoted() {
        return quoted;
    }

    boolean text() {
        return text;
    }

    void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(dialect.createStateTable(quoted, text));
        }
    }

    void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + quoted);
        }
    }

    /** The stored state of {@code key}, or null. Prepared anew each time, so no statement outlives a dropped table. */
    byte[] read(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT state FROM " + quoted + " WHERE state_key = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? state(r, 1) : null;
            }
        }
    }

    /** Up to {@code limit} rows with keys after {@code afterKey} ("" for the first), in key order. */
    List<Row> page(Connection c, String afterKey, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT state_key, state, changed_at FROM " + quoted
                + " WHERE state_key > ? ORDER BY state_key LIMIT ?")) {
            s.setString(1, afterKey);
            s.setInt(2, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Row(r.getString(1), state(r, 2), r.getLong(3)));
                }
            }
            return rows;
        }
    }

    byte[] state(ResultSet r, int column) throws SQLException {
        if (text) {
            String s = r.getString(column);
            return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        }
        return r.getBytes(column);
    }

    void setState(PreparedStatement s, int parameter, byte[] state) throws SQLException {
        if (text) {
            s.setString(parameter, new String(state, StandardCharsets.UTF_8));
        } else {
            s.setBytes(parameter, state);
        }
    }

    /** One stored state with its key and the position of its last change. */
    record Row(String key, byte[] state, long changedAt) {}
}
