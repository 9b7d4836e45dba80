package dev.tributary.broker.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.broker.LocalDatabase;
import dev.tributary.core.delivery.BackoffPolicy;
import dev.tributary.core.eventstore.GroupSpec;
import dev.tributary.core.eventstore.Selection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalDatabase db;
    private final Object committing = new Object();
    private final List<Settlement> queue = new ArrayList<>(); // guarded by itself

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
                    out.add(new Stored(specOf(row.getString(2)), row.getLong(3), rows(c, row.getString(1))));
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
                s.setString(2, jsonOf(spec));
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
     * {@code cleared}, moves the checkpoint forward to {@code checkpoint} (never back), and forgets the acked events
     * below it. Durable when it returns.
     *
     * <p>Group commit: callers that arrive while a commit runs queue up, and the next of them commits all that queued
     * in one transaction (one fsync), so concurrent consumers' acks cost one disk flush, not one each. A failed
     * commit fails every caller in it; nothing of it was applied.
     */
    void settle(String group, Collection<Row> settled, Collection<Long> cleared, long checkpoint) {
        Settlement mine = new Settlement(group, settled, cleared, checkpoint);
        synchronized (queue) {
            queue.add(mine);
        }
        synchronized (committing) {
            if (!mine.done) {
                List<Settlement> batch;
                synchronized (queue) {
                    batch = new ArrayList<>(queue);
                    queue.clear();
                }
                RuntimeException failure = null;
                try {
                    db.transaction("settle events of consumer group '" + group + "'", c -> {
                        for (Settlement s : batch) {
                            apply(c, s);
                        }
                        return null;
                    });
                } catch (RuntimeException e) {
                    failure = e;
                }
                for (Settlement s : batch) {
                    s.failure = failure;
                    s.done = true;
                }
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** One caller's part of a commit; {@code done} and {@code failure} are guarded by {@code committing}. */
    private static final class Settlement {
        final String group;
        final Collection<Row> settled;
        final Collection<Long> cleared;
        final long checkpoint;
        boolean done;
        RuntimeException failure;

        Settlement(String group, Collection<Row> settled, Collection<Long> cleared, long checkpoint) {
            this.group = group;
            this.settled = settled;
            this.cleared = cleared;
            this.checkpoint = checkpoint;
        }
    }

    private static void apply(Connection c, Settlement settlement) throws SQLException {
        String group = settlement.group;
        if (!settlement.settled.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO group_event(grp, position, state, "
                    + "deliveries, not_before, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Row r : settlement.settled) {
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
        }
        if (!settlement.cleared.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM group_event WHERE grp = ? AND position = ?")) {
                for (long p : settlement.cleared) {
                    s.setString(1, group);
                    s.setLong(2, p);
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE consumer_group SET checkpoint = MAX(checkpoint, ?) WHERE name = ?")) {
            s.setLong(1, settlement.checkpoint);
            s.setString(2, group);
            s.executeUpdate();
        }
        // the checkpoint stored, not this caller's: a commit queued behind a later one may carry a lower one
        try (PreparedStatement s = c.prepareStatement("DELETE FROM group_event WHERE grp = ? AND state = 'ACKED' "
                + "AND position < (SELECT checkpoint FROM consumer_group WHERE name = ?)")) {
            s.setString(1, group);
            s.setString(2, group);
            s.executeUpdate();
        }
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

    /** A group's definition as stored: JSON, so that a later version reads what an earlier one wrote. */
    static String jsonOf(GroupSpec spec) {
        ObjectNode json = JSON.createObjectNode();
        json.put("name", spec.name());
        json.put("kind", spec.selection().kind().name());
        json.put("value", spec.selection().value());
        json.put("filter", spec.selection().filter());
        json.put("startPosition", spec.startPosition());
        json.put("maxDeliveries", spec.maxDeliveries());
        json.put("lease", spec.lease().toString());
        json.put("ordering", spec.ordering().name());
        json.set("backoff", spec.backoff().toJson());
        json.put("maxPending", spec.maxPending());
        return json.toString();
    }

    static GroupSpec specOf(String text) {
        try {
            JsonNode json = JSON.readTree(text);
            Selection selection = new Selection(Selection.Kind.valueOf(json.get("kind").asText()),
                    json.hasNonNull("value") ? json.get("value").asText() : null,
                    json.hasNonNull("filter") ? json.get("filter").asText() : null);
            return new GroupSpec(json.get("name").asText(), selection, json.get("startPosition").asLong(),
                    json.get("maxDeliveries").asInt(), Duration.parse(json.get("lease").asText()),
                    GroupSpec.Ordering.valueOf(json.get("ordering").asText()),
                    BackoffPolicy.fromJson(json.get("backoff"), "backoff"), json.get("maxPending").asInt());
        } catch (IOException e) {
            throw new IllegalStateException("a stored consumer group is not JSON: " + e.getMessage(), e);
        }
    }
}
