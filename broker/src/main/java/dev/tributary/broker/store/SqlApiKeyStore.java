package dev.tributary.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link ApiKeyStore} in SQL that SQLite and PostgreSQL both accept. Scopes are kept space-separated. */
final class SqlApiKeyStore implements ApiKeyStore {
    private static final String COLUMNS = "id, name, secret_hash, scopes, created_at, expires_at, last_used_at,"
            + " revoked_at, requests_per_second, events_per_second";
    private static final String INSERT = "INSERT INTO api_keys (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?) ON CONFLICT DO NOTHING";
    private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM api_keys WHERE id = ?";
    private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id";
    private static final String SELECT_ANY = "SELECT 1 FROM api_keys LIMIT 1";
    private static final String REVOKE = "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?";
    private static final String TOUCH = "UPDATE api_keys SET last_used_at = ? WHERE id = ?";

    private final Database db;

    SqlApiKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(StoredApiKey key) {
        Check.present(key, "key");
        db.write("create api key", null, c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setString(1, key.id());
                insert.setString(2, key.name());
                insert.setString(3, key.secretHash());
                insert.setString(4, String.join(" ", key.scopes()));
                insert.setLong(5, Micros.of(key.createdAt()));
                if (key.expiresAt().isPresent()) {
                    insert.setLong(6, Micros.of(key.expiresAt().get()));
                } else {
                    insert.setNull(6, Types.BIGINT);
                }
                setOptional(insert, 7, key.limits().requestsPerSecond());
                setOptional(insert, 8, key.limits().eventsPerSecond());
                if (insert.executeUpdate() == 0) {
                    throw new KeyExistsException(key.name());
                }
            }
            return null;
        });
    }

    @Override
    public Optional<StoredApiKey> get(String id) {
        Check.text(id, "id");
        return db.read("read api key", null, c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT_ONE)) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(key(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredApiKey> list() {
        return db.read("list api keys", null, c -> {
            List<StoredApiKey> keys = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(SELECT_ALL);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(key(rows));
                }
            }
            return keys;
        });
    }

    @Override
    public boolean isEmpty() {
        return db.read("count api keys", null, c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT_ANY);
                    ResultSet rows = select.executeQuery()) {
                return !rows.next();
            }
        });
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return update("revoke api key", REVOKE, id, at);
    }

    @Override
    public void touch(String id, Instant at) {
        update("record api key use", TOUCH, id, at);
    }

    private boolean update(String operation, String sql, String id, Instant at) {
        Check.text(id, "id");
        long micros = Micros.of(Check.present(at, "at"));
        return db.write(operation, null, c -> {
            try (PreparedStatement update = c.prepareStatement(sql)) {
                update.setLong(1, micros);
                update.setString(2, id);
                return update.executeUpdate() > 0;
            }
        });
    }

    private static StoredApiKey key(ResultSet rows) throws SQLException {
        String scopes = rows.getString("scopes");
        return new StoredApiKey(
                rows.getString("id"),
                rows.getString("name"),
                rows.getString("secret_hash"),
                scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")),
                Micros.instant(rows.getLong("created_at")),
                instant(rows, "expires_at"),
                instant(rows, "last_used_at"),
                instant(rows, "revoked_at"),
                new StoredApiKey.KeyLimits(optional(rows, "requests_per_second"), optional(rows, "events_per_second")));
    }

    private static void setOptional(PreparedStatement statement, int index, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            statement.setLong(index, value.getAsLong());
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }

    private static OptionalLong optional(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        long micros = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Micros.instant(micros));
    }
}
