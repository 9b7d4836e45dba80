package dev.tributary.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link RetryQueue} in SQL that SQLite and PostgreSQL both accept. Thread-safe through {@link Database}.
 *
 * <p>{@link #due} and {@link #nextDue} walk the priority levels of one subscription from the highest down, each
 * with a seek in the index {@code retries_by_priority (subscription_id, priority, due_at, …)}: within a level the
 * index is in due order, so the scan reads only retries that are due and stops at {@code max}. Retries waiting far in
 * the future, and other subscriptions' retries, are never read. The cost grows with the number of distinct priorities
 * a subscription uses (a handful), not with the number of retries.
 */
final class SqlRetryQueue implements RetryQueue {
    private static final String COLUMNS = "subscription_id, partition_no, event_offset, event_id, event_source,"
            + " ordering_key, priority, attempts, first_attempt_at, due_at, last_status, last_error";
    private static final String UPSERT = "INSERT INTO retries (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (subscription_id, partition_no, event_offset) DO UPDATE SET"
            + " event_id = excluded.event_id, event_source = excluded.event_source,"
            + " ordering_key = excluded.ordering_key, priority = excluded.priority, attempts = excluded.attempts,"
            + " first_attempt_at = excluded.first_attempt_at, due_at = excluded.due_at,"
            + " last_status = excluded.last_status, last_error = excluded.last_error";
    // Package-private so that a test can check their query plans.
    static final String TOP_LEVEL = "SELECT MAX(priority) FROM retries WHERE subscription_id = ?";
    static final String NEXT_LEVEL = TOP_LEVEL + " AND priority < ?";
    static final String DUE_AT_LEVEL = "SELECT " + COLUMNS + " FROM retries"
            + " WHERE subscription_id = ? AND priority = ? AND due_at <= ?"
            + " ORDER BY due_at, event_offset, partition_no LIMIT ?";
    static final String FIRST_DUE_AT_LEVEL =
            "SELECT MIN(due_at) FROM retries WHERE subscription_id = ? AND priority = ?";
    private static final String DELETE =
            "DELETE FROM retries WHERE subscription_id = ? AND partition_no = ? AND event_offset = ?";
    private static final String COUNT = "SELECT COUNT(*) FROM retries WHERE subscription_id = ?";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM retries"
            + " WHERE subscription_id = ? AND (partition_no, event_offset) > (?, ?)"
            + " ORDER BY partition_no, event_offset LIMIT ?";
    private static final String FIND = "SELECT " + COLUMNS + " FROM retries"
            + " WHERE subscription_id = ? AND partition_no = ? AND event_offset = ?";
    private static final String OFFSETS_FROM = "SELECT event_offset FROM retries"
            + " WHERE subscription_id = ? AND partition_no = ? AND event_offset >= ? ORDER BY event_offset LIMIT ?";
    static final String UNPARK_FIRST = "UPDATE retries SET due_at = ?, first_attempt_at = ?"
            + " WHERE subscription_id = ? AND partition_no = ? AND event_offset = (SELECT MIN(event_offset) FROM retries"
            + " WHERE subscription_id = ? AND partition_no = ? AND ordering_key = ? AND due_at = ?)";
    private static final String KEYS = "SELECT DISTINCT ordering_key FROM retries"
            + " WHERE subscription_id = ? AND partition_no = ? AND ordering_key IS NOT NULL";

    private final Database db;

    SqlRetryQueue(Database db) {
        this.db = db;
    }

    @Override
    public void schedule(Retry retry) {
        Check.present(retry, "retry");
        scheduleAll(retry.subscriptionId(), List.of(retry));
    }

    @Override
    public void scheduleAll(String subscriptionId, List<Retry> retries) {
        Check.text(subscriptionId, "subscriptionId");
        for (Retry retry : Check.present(retries, "retries")) {
            if (!Check.present(retry, "retry").subscriptionId().equals(subscriptionId)) {
                throw new IllegalArgumentException("a retry of subscription '" + retry.subscriptionId()
                        + "' among those of '" + subscriptionId + "'");
            }
        }
        if (retries.isEmpty()) {
            return;
        }
        db.write(retries.size() == 1 ? "schedule retry" : "schedule " + retries.size() + " retries", subscriptionId, c -> {
            SqlSubscriptionStore.requireExists(c, subscriptionId);
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                for (Retry retry : retries) {
                    bind(upsert, retry);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    private static void bind(PreparedStatement upsert, Retry retry) throws SQLException {
        upsert.setString(1, retry.subscriptionId());
        upsert.setInt(2, retry.partition());
        upsert.setLong(3, retry.offset());
        upsert.setString(4, retry.eventId());
        upsert.setString(5, retry.eventSource());
        upsert.setString(6, retry.key());
        upsert.setInt(7, retry.priority());
        upsert.setInt(8, retry.attempts());
        upsert.setLong(9, Micros.of(retry.firstAttemptAt()));
        upsert.setLong(10, Micros.of(retry.dueAt()));
        upsert.setInt(11, retry.lastStatus());
        upsert.setString(12, Utf8.truncate(retry.lastError(), MAX_ERROR_BYTES));
    }

    @Override
    public List<Retry> due(String subscriptionId, Instant now, int max) {
        Check.text(subscriptionId, "subscriptionId");
        long at = Micros.of(Check.present(now, "now"));
        Check.atLeast(max, 1, "max");
        return db.read("read due retries", subscriptionId, c -> {
            List<Retry> due = new ArrayList<>();
            for (Integer level = level(c, subscriptionId, null);
                    level != null && due.size() < max;
                    level = level(c, subscriptionId, level)) {
                try (PreparedStatement select = c.prepareStatement(DUE_AT_LEVEL)) {
                    select.setString(1, subscriptionId);
                    select.setInt(2, level);
                    select.setLong(3, at);
                    select.setInt(4, max - due.size());
                    readAll(select, due);
                }
            }
            return due;
        });
    }

    @Override
    public Optional<Instant> nextDue(String subscriptionId) {
        Check.text(subscriptionId, "subscriptionId");
        return db.read("read next due retry", subscriptionId, c -> {
            Long first = null;
            for (Integer level = level(c, subscriptionId, null);
                    level != null;
                    level = level(c, subscriptionId, level)) {
                try (PreparedStatement select = c.prepareStatement(FIRST_DUE_AT_LEVEL)) {
                    select.setString(1, subscriptionId);
                    select.setInt(2, level);
                    try (ResultSet rows = select.executeQuery()) {
                        rows.next();
                        long dueAt = rows.getLong(1);
                        if (first == null || dueAt < first) {
                            first = dueAt;
                        }
                    }
                }
            }
            return Optional.ofNullable(first).map(Micros::instant);
        });
    }

    @Override
    public void remove(String subscriptionId, int partition, long offset) {
        Check.text(subscriptionId, "subscriptionId");
        db.write("remove retry", subscriptionId, c -> {
            delete(c, subscriptionId, partition, offset);
            return null;
        });
    }

    @Override
    public long count(String subscriptionId) {
        Check.text(subscriptionId, "subscriptionId");
        return db.read("count retries", subscriptionId, c -> {
            try (PreparedStatement select = c.prepareStatement(COUNT)) {
                select.setString(1, subscriptionId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    @Override
    public List<Retry> list(String subscriptionId, int max, String afterCursorOrNull) {
        Check.text(subscriptionId, "subscriptionId");
        Check.atLeast(max, 1, "max");
        RetryCursor after =
                afterCursorOrNull == null ? new RetryCursor(-1, -1) : RetryCursor.parse(afterCursorOrNull);
        return db.read("list retries", subscriptionId, c -> {
            try (PreparedStatement select = c.prepareStatement(PAGE)) {
                select.setString(1, subscriptionId);
                select.setInt(2, after.partition());
                select.setLong(3, after.offset());
                select.setInt(4, max);
                List<Retry> page = new ArrayList<>();
                readAll(select, page);
                return page;
            }
        });
    }

    @Override
    public Optional<Retry> find(String subscriptionId, int partition, long offset) {
        Check.text(subscriptionId, "subscriptionId");
        return db.read("read retry", subscriptionId, c -> {
            try (PreparedStatement select = c.prepareStatement(FIND)) {
                select.setString(1, subscriptionId);
                select.setInt(2, partition);
                select.setLong(3, offset);
                List<Retry> found = new ArrayList<>(1);
                readAll(select, found);
                return found.stream().findFirst();
            }
        });
    }

    @Override
    public List<Long> offsetsFrom(String subscriptionId, int partition, long fromOffset, int max) {
        Check.text(subscriptionId, "subscriptionId");
        return db.read("read retry offsets", subscriptionId, c -> {
            try (PreparedStatement select = c.prepareStatement(OFFSETS_FROM)) {
                select.setString(1, subscriptionId);
                select.setInt(2, partition);
                select.setLong(3, fromOffset);
                select.setInt(4, max);
                List<Long> offsets = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        offsets.add(rows.getLong(1));
                    }
                }
                return offsets;
            }
        });
    }

    @Override
    public Set<String> retryingKeys(String subscriptionId, int partition) {
        Check.text(subscriptionId, "subscriptionId");
        return db.read("read retrying keys", subscriptionId, c -> {
            try (PreparedStatement select = c.prepareStatement(KEYS)) {
                select.setString(1, subscriptionId);
                select.setInt(2, partition);
                Set<String> keys = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(rows.getString(1));
                    }
                }
                return Set.copyOf(keys);
            }
        });
    }

    @Override
    public boolean resolve(String subscriptionId, int partition, long offset, String keyOrNull, Instant now) {
        Check.text(subscriptionId, "subscriptionId");
        long at = Micros.of(Check.present(now, "now"));
        return db.write("resolve retry", subscriptionId, c -> {
            delete(c, subscriptionId, partition, offset);
            if (keyOrNull == null) {
                return false;
            }
            try (PreparedStatement update = c.prepareStatement(UNPARK_FIRST)) {
                update.setLong(1, at);
                update.setLong(2, at);
                update.setString(3, subscriptionId);
                update.setInt(4, partition);
                update.setString(5, subscriptionId);
                update.setInt(6, partition);
                update.setString(7, keyOrNull);
                update.setLong(8, Micros.of(Retry.PARKED));
                return update.executeUpdate() > 0;
            }
        });
    }

    private static void delete(Connection c, String subscriptionId, int partition, long offset) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(DELETE)) {
            delete.setString(1, subscriptionId);
            delete.setInt(2, partition);
            delete.setLong(3, offset);
            delete.executeUpdate();
        }
    }

    /** The highest priority below {@code below} (or the highest of all if null) that has retries; null if none. */
    private static Integer level(Connection c, String subscriptionId, Integer below) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(below == null ? TOP_LEVEL : NEXT_LEVEL)) {
            select.setString(1, subscriptionId);
            if (below != null) {
                select.setInt(2, below);
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                int level = rows.getInt(1);
                return rows.wasNull() ? null : level;
            }
        }
    }

    private static void readAll(PreparedStatement select, List<Retry> into) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                into.add(new Retry(
                        rows.getString("subscription_id"),
                        rows.getInt("partition_no"),
                        rows.getLong("event_offset"),
                        rows.getString("event_id"),
                        rows.getString("event_source"),
                        rows.getString("ordering_key"),
                        rows.getInt("priority"),
                        rows.getInt("attempts"),
                        Micros.instant(rows.getLong("first_attempt_at")),
                        Micros.instant(rows.getLong("due_at")),
                        rows.getInt("last_status"),
                        rows.getString("last_error")));
            }
        }
    }
}
