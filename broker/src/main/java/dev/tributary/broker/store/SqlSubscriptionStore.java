package dev.tributary.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link SubscriptionStore} in SQL that SQLite and PostgreSQL both accept. Thread-safe through {@link Database}. */
final class SqlSubscriptionStore implements SubscriptionStore {
    private static final String COLUMNS = "id, bus, document, revision, created_at, updated_at";
    private static final String INSERT = "INSERT INTO subscriptions (" + COLUMNS + ") VALUES (?, ?, ?, 1, ?, ?)"
            + " ON CONFLICT (id) DO NOTHING";
    private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM subscriptions WHERE id = ?";
    private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM subscriptions ORDER BY id";
    private static final String SELECT_BY_BUS = "SELECT " + COLUMNS + " FROM subscriptions WHERE bus = ? ORDER BY id";
    private static final String SELECT_REVISION = "SELECT revision FROM subscriptions WHERE id = ?";
    private static final String UPDATE = "UPDATE subscriptions SET document = ?, revision = revision + 1,"
            + " updated_at = ? WHERE id = ? AND revision = ?";
    /** Children first: the foreign keys refuse to delete a subscription that still has rows elsewhere. */
    private static final List<String> DELETE = List.of(
            "DELETE FROM attempts WHERE subscription_id = ?",
            "DELETE FROM retries WHERE subscription_id = ?",
            "DELETE FROM cursors WHERE subscription_id = ?",
            "DELETE FROM subscriptions WHERE id = ?");

    private final Database db;

    SqlSubscriptionStore(Database db) {
        this.db = db;
    }

    @Override
    public StoredSubscription create(String id, String bus, String document, Instant now) {
        Instant at = Micros.truncate(Check.present(now, "now"));
        StoredSubscription created = new StoredSubscription(id, bus, document, 1, at, at);
        return db.write("create subscription", id, c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setString(1, id);
                insert.setString(2, bus);
                insert.setString(3, document);
                insert.setLong(4, Micros.of(at));
                insert.setLong(5, Micros.of(at));
                if (insert.executeUpdate() == 0) {
                    throw new SubscriptionExistsException(id);
                }
            }
            return created;
        });
    }

    @Override
    public Optional<StoredSubscription> get(String id) {
        Check.text(id, "id");
        return db.read("read subscription", id, c -> find(c, id));
    }

    @Override
    public List<StoredSubscription> list(String busOrNull) {
        return db.read("list subscriptions", null, c -> {
            try (PreparedStatement select = c.prepareStatement(busOrNull == null ? SELECT_ALL : SELECT_BY_BUS)) {
                if (busOrNull != null) {
                    select.setString(1, busOrNull);
                }
                List<StoredSubscription> all = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        all.add(read(rows));
                    }
                }
                return all;
            }
        });
    }

    @Override
    public StoredSubscription update(String id, String document, long expectedRevision, Instant now) {
        Check.text(id, "id");
        Check.present(document, "document");
        Check.atLeast(expectedRevision, 1, "expectedRevision");
        long at = Micros.of(Check.present(now, "now"));
        return db.write("update subscription", id, c -> {
            try (PreparedStatement update = c.prepareStatement(UPDATE)) {
                update.setString(1, document);
                update.setLong(2, at);
                update.setString(3, id);
                update.setLong(4, expectedRevision);
                if (update.executeUpdate() == 1) {
                    return find(c, id).orElseThrow();
                }
            }
            long current = revision(c, id);
            if (current == 0) {
                throw new SubscriptionNotFoundException(id);
            }
            throw new RevisionConflictException(id, expectedRevision, current);
        });
    }

    @Override
    public boolean delete(String id) {
        Check.text(id, "id");
        return db.write("delete subscription", id, c -> {
            int deleted = 0;
            for (String sql : DELETE) {
                try (PreparedStatement delete = c.prepareStatement(sql)) {
                    delete.setString(1, id);
                    deleted = delete.executeUpdate();
                }
            }
            return deleted == 1;
        });
    }

    /**
     * Throws {@link SubscriptionNotFoundException} unless the subscription exists; the other stores call it inside
     * their write transactions, so that nothing is written for a subscription that is gone.
     */
    static boolean exists(Connection c, String id) throws SQLException {
        return revision(c, id) != 0;
    }

    static void requireExists(Connection c, String id) throws SQLException {
        if (!exists(c, id)) {
            throw new SubscriptionNotFoundException(id);
        }
    }

    /** The subscription's revision, or 0 if there is no such subscription. */
    private static long revision(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT_REVISION)) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private static Optional<StoredSubscription> find(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT_ONE)) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static StoredSubscription read(ResultSet row) throws SQLException {
        return new StoredSubscription(
                row.getString("id"),
                row.getString("bus"),
                row.getString("document"),
                row.getLong("revision"),
                Micros.instant(row.getLong("created_at")),
                Micros.instant(row.getLong("updated_at")));
    }
}
