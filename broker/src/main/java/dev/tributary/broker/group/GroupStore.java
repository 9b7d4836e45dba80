package dev.tributary.broker.group;

import dev.tributary.broker.LocalDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The durable state of a bus's consumer groups in {@code <bus dir>/groups.db} (SQLite, {@code synchronous=FULL}: an
 * ack that returned survives a power cut): each group's definition and checkpoint (every position below it is acked
 * or parked), and the events at or above it that are acked, waiting for a retry or parked. Leases are not stored:
 * after a restart every event not acked is delivered again.
 *
 * <p>Thread-safe ({@link LocalDatabase}).
 */
final class GroupStore implements AutoCloseable {
    static final String FILE = "groups.db";

    /** An event's settled state. */
    enum State {
        ACKED,
        RETRY,
        PARKED
    }

    /** A stored event of a group. */
    record Row(long position, State state, int deliveries, long notBefore, String reason, long at) {}

    /** A group as stored. */
    record Stored(GroupSpec spec, long checkpoint, List<Row> rows) {}

    private final LocalDatabase db;

    GroupStore(Path busDir) {
        this.db = new LocalDatabase(busDir.resolve(FILE), SQLiteConfig.SynchronousMode.FULL,
                "CREATE TABLE IF NOT EXISTS consumer_group(name TEXT PRIMARY KEY, spec TEXT NOT NULL, "
                        + "checkpoint INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS group_event(grp TEXT NOT NULL, position INTEGER NOT NULL, "
                        + "state TEXT NOT NULL, deliveries INTEGER NOT NULL, not_before INTEGER NOT NULL, reason TEXT, "
                        + "at INTEGER NOT NULL, PRIMARY KEY(grp, position)) WITHOUT ROWID");
    }

    List<Stored> all() {
        if (!db.exists()) {
            return List.of();
        }
        return db.run("read the consumer groups", c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name, spec, checkpoint FROM consumer_group");
                    ResultSet row = s.executeQuery()) {
                while (row.next()) {
                    out.add(new Stored(GroupSpec.fromJson(row.getString(2)), row.getLong(3), rows(c, row.getString(1))));
                }
            }
            return out;
        });
    }

    private static List<Row> rows(Connection c, String group) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT position, state, deliveries, not_before, reason, at "
                + "FROM group_event WHERE grp = ? ORDER BY position")) {
            s.setString(1, group);
            try (ResultSet row = s.executeQuery()) {
                while (row.next()) {
                    out.add(new Row(row.getLong(1), State.valueOf(row.getString(2)), row.getInt(3), row.getLong(4),
                            row.getString(5), row.getLong(6)));
                }
            }
        }
        return out;
    }

    /** Creates a group; false when one of that name exists. */
    boolean create(GroupSpec spec) {
        return db.transaction("create consumer group '" + spec.name() + "'", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO consumer_group(name, spec, checkpoint) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                s.setString(1, spec.name());
                s.setString(2, spec.toJson());
                s.setLong(3, spec.startPosition());
                return s.executeUpdate() == 1;
            }
        });
    }

    void delete(String group) {
        db.transaction("delete consumer group '" + group + "'", c -> {
            for (String sql : new String[] {"DELETE FROM group_event WHERE grp = ?",
                    "DELETE FROM consumer_group WHERE name = ?"}) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, group);
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * In one transaction: records {@code settled} (replacing what was stored of those positions), removes
     * {@code cleared}, moves the checkpoint, and forgets the acked events below it.
     */
    void settle(String group, Collection<Row> settled, Collection<Long> cleared, long checkpoint) {
        db.transaction("settle events of consumer group '" + group + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO group_event(grp, position, state, "
                    + "deliveries, not_before, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Row r : settled) {
                    s.setString(1, group);
                    s.setLong(2, r.position());
                    s.setString(3, r.state().name());
                    s.setInt(4, r.deliveries());
                    s.setLong(5, r.notBefore());
                    s.setString(6, r.reason());
                    s.setLong(7, r.at());
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM group_event WHERE grp = ? AND position = ?")) {
                for (long p : cleared) {
                    s.setString(1, group);
                    s.setLong(2, p);
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM group_event WHERE grp = ? AND state = 'ACKED' AND position < ?")) {
                s.setString(1, group);
                s.setLong(2, checkpoint);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE consumer_group SET checkpoint = ? WHERE name = ?")) {
                s.setLong(1, checkpoint);
                s.setString(2, group);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** The parked events of a group, from {@code fromPosition}, at most {@code limit}. */
    List<Row> parked(String group, long fromPosition, int limit) {
        return db.run("list the parked events of consumer group '" + group + "'", c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT position, state, deliveries, not_before, reason, at "
                    + "FROM group_event WHERE grp = ? AND state = 'PARKED' AND position >= ? ORDER BY position LIMIT ?")) {
                s.setString(1, group);
                s.setLong(2, fromPosition);
                s.setInt(3, limit);
                try (ResultSet row = s.executeQuery()) {
                    while (row.next()) {
                        out.add(new Row(row.getLong(1), State.PARKED, row.getInt(3), row.getLong(4),
                                row.getString(5), row.getLong(6)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void close() {
        db.close();
    }
}
