package dev.tributary.core.eventstore.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A runner's statements on its {@link StateTable}, prepared once on its connection: fetching the states a batch
 * touches, writing the ones it changed. Not thread-safe: owned by the runner's thread, closed with its connection.
 */
final class StateWriter implements AutoCloseable {
    /** Keys per {@code IN (…)} fetch: one round trip per 100 states not in the cache. */
    private static final int FETCH_CHUNK = 100;

    private final StateTable table;
    private final Connection connection;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;
    private PreparedStatement fetchChunk;

    StateWriter(StateTable table, Connection connection) throws SQLException {
        this.table = table;
        this.connection = connection;
        this.upsert = connection.prepareStatement("INSERT INTO " + table.quoted()
                + " (state_key, state, changed_at) VALUES (?, ?, ?) ON CONFLICT (state_key) DO UPDATE SET"
                + " state = excluded.state, changed_at = excluded.changed_at");
        this.delete = connection.prepareStatement("DELETE FROM " + table.quoted() + " WHERE state_key = ?");
    }

    /** The stored states of {@code keys} (keys without one are absent from the answer). */
    Map<String, byte[]> fetch(Collection<String> keys) throws SQLException {
        Map<String, byte[]> found = new HashMap<>();
        List<String> chunk = new ArrayList<>(FETCH_CHUNK);
        for (String key : keys) {
            chunk.add(key);
            if (chunk.size() == FETCH_CHUNK) {
                fetchInto(chunk, found);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            fetchInto(chunk, found);
        }
        return found;
    }

    private void fetchInto(List<String> keys, Map<String, byte[]> found) throws SQLException {
        boolean full = keys.size() == FETCH_CHUNK;
        if (full && fetchChunk == null) {
            fetchChunk = connection.prepareStatement(fetchSql(FETCH_CHUNK));
        }
        PreparedStatement s = full ? fetchChunk : connection.prepareStatement(fetchSql(keys.size()));
        try {
            for (int i = 0; i < keys.size(); i++) {
                s.setString(i + 1, keys.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.put(r.getString(1), table.state(r, 2));
                }
            }
        } finally {
            if (!full) {
                s.close();
            }
        }
    }

    private String fetchSql(int n) {
        return "SELECT state_key, state FROM " + table.quoted() + " WHERE state_key IN (" + "?, ".repeat(n - 1)
                + "?)";
    }

    /** Writes the changes of a batch (the caller's transaction): upserts, then deletes. */
    void write(Map<String, ? extends Batch.Change<?>> changes) throws SQLException {
        int upserts = 0;
        int deletes = 0;
        for (Map.Entry<String, ? extends Batch.Change<?>> change : changes.entrySet()) {
            Batch.Change<?> c = change.getValue();
            if (c.bytes() == null) {
                delete.setString(1, change.getKey());
                delete.addBatch();
                deletes++;
            } else {
                upsert.setString(1, change.getKey());
                table.setState(upsert, 2, c.bytes());
                upsert.setLong(3, c.position());
                upsert.addBatch();
                upserts++;
            }
        }
        if (upserts > 0) {
            upsert.executeBatch();
        }
        if (deletes > 0) {
            delete.executeBatch();
        }
    }

    @Override
    public void close() throws SQLException {
        upsert.close();
        delete.close();
        if (fetchChunk != null) {
            fetchChunk.close();
        }
    }
}
