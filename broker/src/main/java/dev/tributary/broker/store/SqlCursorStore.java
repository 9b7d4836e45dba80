package dev.tributary.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@link CursorStore} in SQL that SQLite and PostgreSQL both accept. Thread-safe through {@link Database}. */
final class SqlCursorStore implements CursorStore {
    private static final String SELECT = "SELECT partition_no, committed_offset FROM cursors"
            + " WHERE subscription_id = ? ORDER BY partition_no";
    private static final String UPSERT = "INSERT INTO cursors (subscription_id, partition_no, committed_offset)"
            + " VALUES (?, ?, ?) ON CONFLICT (subscription_id, partition_no)"
            + " DO UPDATE SET committed_offset = excluded.committed_offset";
    /** Acknowledgements can arrive out of order; a late one must not move the cursor back. */
    private static final String COMMIT = UPSERT + " WHERE excluded.committed_offset > cursors.committed_offset";
    private static final String DROP_RETRIES = "DELETE FROM retries WHERE subscription_id = ? AND partition_no = ?";
    private static final String SELECT_INCARNATION = "SELECT bus_incarnation FROM subscriptions WHERE id = ?";
    private static final String SET_INCARNATION = "UPDATE subscriptions SET bus_incarnation = ? WHERE id = ?";
    private static final String DROP_ALL_CURSORS = "DELETE FROM cursors WHERE subscription_id = ?";
    private static final String DROP_ALL_RETRIES = "DELETE FROM retries WHERE subscription_id = ?";

    private final Database db;

    SqlCursorStore(Database db) {
        this.db = db;
    }

    @Override
    public Map<Integer, Long> get(String subscriptionId) {
        Check.text(subscriptionId, "subscriptionId");
        return db.read("read cursors", subscriptionId, c -> {
            SortedMap<Integer, Long> offsets = new TreeMap<>();
            try (PreparedStatement select = c.prepareStatement(SELECT)) {
                select.setString(1, subscriptionId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        offsets.put(rows.getInt(1), rows.getLong(2));
                    }
                }
            }
            return Collections.unmodifiableSortedMap(offsets);
        });
    }

    @Override
    public void commit(String subscriptionId, Map<Integer, Long> offsets) {
        SortedMap<Integer, Long> checked = checked(subscriptionId, offsets);
        db.write("commit offsets", subscriptionId, c -> {
            SqlSubscriptionStore.requireExists(c, subscriptionId);
            upsert(c, COMMIT, subscriptionId, checked);
            return null;
        });
    }

    @Override
    public void commitAll(Map<String, Map<Integer, Long>> offsetsBySubscription) {
        Check.present(offsetsBySubscription, "offsetsBySubscription");
        // sorted by subscription, then partition, so that concurrent writers touch rows in one order
        SortedMap<String, SortedMap<Integer, Long>> checked = new TreeMap<>();
        offsetsBySubscription.forEach((id, offsets) -> checked.put(id, checked(id, offsets)));
        if (checked.isEmpty()) {
            return;
        }
        db.write("commit offsets", null, c -> {
            for (Map.Entry<String, SortedMap<Integer, Long>> e : checked.entrySet()) {
                if (SqlSubscriptionStore.exists(c, e.getKey())) {
                    upsert(c, COMMIT, e.getKey(), e.getValue());
                }
            }
            return null;
        });
    }

    @Override
    public void reset(String subscriptionId, Map<Integer, Long> offsets) {
        SortedMap<Integer, Long> checked = checked(subscriptionId, offsets);
        db.write("reset offsets", subscriptionId, c -> {
            SqlSubscriptionStore.requireExists(c, subscriptionId);
            upsert(c, UPSERT, subscriptionId, checked);
            try (PreparedStatement drop = c.prepareStatement(DROP_RETRIES)) {
                for (int partition : checked.keySet()) {
                    drop.setString(1, subscriptionId);
                    drop.setInt(2, partition);
                    drop.addBatch();
                }
                drop.executeBatch();
            }
            return null;
        });
    }

    @Override
    public boolean attach(String subscriptionId, String incarnation, Map<Integer, Long> offsets) {
        SortedMap<Integer, Long> checked = checked(subscriptionId, offsets);
        Check.text(incarnation, "incarnation");
        return db.write("attach cursors to a bus", subscriptionId, c -> {
            String recorded;
            try (PreparedStatement select = c.prepareStatement(SELECT_INCARNATION)) {
                select.setString(1, subscriptionId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new SubscriptionNotFoundException(subscriptionId);
                    }
                    recorded = rows.getString(1);
                }
            }
            if (incarnation.equals(recorded)) {
                return false;
            }
            if (recorded != null) {
                for (String drop : List.of(DROP_ALL_CURSORS, DROP_ALL_RETRIES)) {
                    try (PreparedStatement delete = c.prepareStatement(drop)) {
                        delete.setString(1, subscriptionId);
                        delete.executeUpdate();
                    }
                }
                upsert(c, UPSERT, subscriptionId, checked);
            }
            try (PreparedStatement update = c.prepareStatement(SET_INCARNATION)) {
                update.setString(1, incarnation);
                update.setString(2, subscriptionId);
                update.executeUpdate();
            }
            return recorded != null;
        });
    }

    private static void upsert(Connection c, String sql, String subscriptionId, SortedMap<Integer, Long> offsets)
            throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement(sql)) {
            for (Map.Entry<Integer, Long> offset : offsets.entrySet()) {
                upsert.setString(1, subscriptionId);
                upsert.setInt(2, offset.getKey());
                upsert.setLong(3, offset.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The offsets in partition order (so concurrent writers touch rows in one order), checked before any write. */
    private static SortedMap<Integer, Long> checked(String subscriptionId, Map<Integer, Long> offsets) {
        Check.text(subscriptionId, "subscriptionId");
        Check.present(offsets, "offsets");
        SortedMap<Integer, Long> sorted = new TreeMap<>();
        offsets.forEach((partition, offset) -> {
            Check.atLeast(Check.present(partition, "partition"), 0, "partition");
            String name = "offset of partition " + partition;
            Check.atLeast(Check.present(offset, name), 0, name);
            sorted.put(partition, offset);
        });
        return sorted;
    }
}
