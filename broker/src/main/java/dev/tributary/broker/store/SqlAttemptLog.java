package dev.tributary.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@link AttemptLog} in SQL that SQLite and PostgreSQL both accept. Thread-safe through {@link Database}. */
final class SqlAttemptLog implements AttemptLog {
    private static final String COLUMNS = "subscription_id, partition_no, event_offset, event_id, event_source,"
            + " attempt_no, started_at, duration_micros, status, outcome, error, response";
    private static final String INSERT =
            "INSERT INTO attempts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_RETURNING = INSERT + " RETURNING sequence";
    private static final String BY_SUBSCRIPTION = "SELECT sequence, " + COLUMNS + " FROM attempts"
            + " WHERE subscription_id = ? AND sequence < ? ORDER BY sequence DESC LIMIT ?";
    private static final String BY_EVENT = "SELECT sequence, " + COLUMNS + " FROM attempts"
            + " WHERE subscription_id = ? AND event_source = ? AND event_id = ? ORDER BY sequence";
    private static final String PURGE = "DELETE FROM attempts WHERE started_at < ?";

    private final Database db;

    SqlAttemptLog(Database db) {
        this.db = db;
    }

    @Override
    public long record(Attempt attempt) {
        Check.present(attempt, "attempt");
        return db.write("record attempt", attempt.subscriptionId(), c -> {
            SqlSubscriptionStore.requireExists(c, attempt.subscriptionId());
            try (PreparedStatement insert = c.prepareStatement(INSERT_RETURNING)) {
                bind(insert, attempt);
                try (ResultSet rows = insert.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    @Override
    public void recordAll(List<Attempt> attempts) {
        Check.present(attempts, "attempts");
        Set<String> subscriptions = new LinkedHashSet<>();
        for (Attempt attempt : attempts) {
            subscriptions.add(Check.present(attempt, "attempt").subscriptionId());
        }
        if (attempts.isEmpty()) {
            return;
        }
        String named = subscriptions.size() == 1 ? subscriptions.iterator().next() : String.join("', '", subscriptions);
        db.write("record " + attempts.size() + " attempts", named, c -> {
            for (String subscriptionId : subscriptions) {
                SqlSubscriptionStore.requireExists(c, subscriptionId);
            }
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                for (Attempt attempt : attempts) {
                    bind(insert, attempt);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<Attempt> bySubscription(String subscriptionId, int limit, long beforeSequence) {
        Check.text(subscriptionId, "subscriptionId");
        Check.atLeast(limit, 1, "limit");
        return db.read("read attempts", subscriptionId, c -> {
            try (PreparedStatement select = c.prepareStatement(BY_SUBSCRIPTION)) {
                select.setString(1, subscriptionId);
                select.setLong(2, beforeSequence);
                select.setInt(3, limit);
                return readAll(select);
            }
        });
    }

    @Override
    public List<Attempt> byEvent(String subscriptionId, String eventSource, String eventId) {
        Check.text(subscriptionId, "subscriptionId");
        Check.eventText(eventSource, "eventSource");
        Check.eventText(eventId, "eventId");
        return db.read("read attempts of an event", subscriptionId, c -> {
            try (PreparedStatement select = c.prepareStatement(BY_EVENT)) {
                select.setString(1, subscriptionId);
                select.setString(2, eventSource);
                select.setString(3, eventId);
                return readAll(select);
            }
        });
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        long before = Micros.of(Check.present(cutoff, "cutoff"));
        return db.write("purge attempts before " + cutoff, null, c -> {
            try (PreparedStatement delete = c.prepareStatement(PURGE)) {
                delete.setLong(1, before);
                return delete.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement insert, Attempt attempt) throws SQLException {
        insert.setString(1, attempt.subscriptionId());
        insert.setInt(2, attempt.partition());
        insert.setLong(3, attempt.offset());
        insert.setString(4, attempt.eventId());
        insert.setString(5, attempt.eventSource());
        insert.setInt(6, attempt.attempt());
        insert.setLong(7, Micros.of(attempt.startedAt()));
        insert.setLong(8, Micros.of(attempt.duration()));
        insert.setInt(9, attempt.status());
        insert.setString(10, attempt.outcome());
        insert.setString(11, Utf8.truncate(attempt.error(), MAX_TEXT_BYTES));
        insert.setString(12, Utf8.truncate(attempt.response(), MAX_TEXT_BYTES));
    }

    private static List<Attempt> readAll(PreparedStatement select) throws SQLException {
        List<Attempt> attempts = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                attempts.add(new Attempt(
                        rows.getLong("sequence"),
                        rows.getString("subscription_id"),
                        rows.getInt("partition_no"),
                        rows.getLong("event_offset"),
                        rows.getString("event_id"),
                        rows.getString("event_source"),
                        rows.getInt("attempt_no"),
                        Micros.instant(rows.getLong("started_at")),
                        Micros.duration(rows.getLong("duration_micros")),
                        rows.getInt("status"),
                        rows.getString("outcome"),
                        rows.getString("error"),
                        rows.getString("response")));
            }
        }
        return attempts;
    }
}
