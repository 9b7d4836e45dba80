package dev.tributary.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link SchemaStore} in SQL that SQLite and PostgreSQL both accept. Thread-safe through {@link Database}. */
final class SqlSchemaStore implements SchemaStore {
    private static final String COLUMNS = "bus, type, version, document, fingerprint, created_at, deleted_at";
    private static final String INSERT_SUBJECT =
            "INSERT INTO schema_subjects (bus, type) VALUES (?, ?) ON CONFLICT (bus, type) DO NOTHING";
    private static final String INSERT_SCHEMA =
            "INSERT INTO schemas (bus, type, version, document, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (bus, type, version) DO NOTHING";
    private static final String SELECT_ONE =
            "SELECT " + COLUMNS + " FROM schemas WHERE bus = ? AND type = ? AND version = ?";
    private static final String SELECT_VERSIONS =
            "SELECT " + COLUMNS + " FROM schemas WHERE bus = ? AND type = ? ORDER BY version";
    private static final String DELETE = "UPDATE schemas SET deleted_at = ?"
            + " WHERE bus = ? AND type = ? AND version = ? AND deleted_at IS NULL";
    private static final String SELECT_SUBJECTS = "SELECT s.bus, s.type, s.compatibility FROM schema_subjects s"
            + " WHERE EXISTS (SELECT 1 FROM schemas v"
            + " WHERE v.bus = s.bus AND v.type = s.type AND v.deleted_at IS NULL)"
            + " ORDER BY s.bus, s.type";
    private static final String SELECT_SUBJECT =
            "SELECT bus, type, compatibility FROM schema_subjects WHERE bus = ? AND type = ?";
    private static final String UPSERT_COMPATIBILITY = "INSERT INTO schema_subjects (bus, type, compatibility)"
            + " VALUES (?, ?, ?) ON CONFLICT (bus, type) DO UPDATE SET compatibility = excluded.compatibility";

    private final Database db;

    SqlSchemaStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean add(StoredSchema schema) {
        Check.present(schema, "schema");
        return db.write("add schema " + name(schema.bus(), schema.type()) + " version " + schema.version(), null, c -> {
            try (PreparedStatement subject = c.prepareStatement(INSERT_SUBJECT)) {
                subject.setString(1, schema.bus());
                subject.setString(2, schema.type());
                subject.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(INSERT_SCHEMA)) {
                insert.setString(1, schema.bus());
                insert.setString(2, schema.type());
                insert.setInt(3, schema.version());
                insert.setString(4, schema.document());
                insert.setString(5, schema.fingerprint());
                insert.setLong(6, Micros.of(schema.createdAt()));
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<StoredSchema> get(String bus, String type, int version) {
        checkSubject(bus, type);
        return db.read("read schema " + name(bus, type) + " version " + version, null, c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT_ONE)) {
                select.setString(1, bus);
                select.setString(2, type);
                select.setInt(3, version);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(schema(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredSchema> versions(String bus, String type) {
        checkSubject(bus, type);
        return db.read("list schema versions " + name(bus, type), null, c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT_VERSIONS)) {
                select.setString(1, bus);
                select.setString(2, type);
                List<StoredSchema> all = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        all.add(schema(rows));
                    }
                }
                return all;
            }
        });
    }

    @Override
    public boolean delete(String bus, String type, int version, Instant now) {
        checkSubject(bus, type);
        long at = Micros.of(Check.present(now, "now"));
        return db.write("delete schema " + name(bus, type) + " version " + version, null, c -> {
            try (PreparedStatement delete = c.prepareStatement(DELETE)) {
                delete.setLong(1, at);
                delete.setString(2, bus);
                delete.setString(3, type);
                delete.setInt(4, version);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<StoredSubject> subjects() {
        return db.read("list schema subjects", null, c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT_SUBJECTS)) {
                List<StoredSubject> all = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        all.add(subject(rows));
                    }
                }
                return all;
            }
        });
    }

    @Override
    public Optional<StoredSubject> subject(String bus, String type) {
        checkSubject(bus, type);
        return db.read("read schema subject " + name(bus, type), null, c -> find(c, bus, type));
    }

    @Override
    public void setCompatibility(String bus, String type, String compatibility) {
        checkSubject(bus, type);
        db.write("set compatibility of schema subject " + name(bus, type), null, c -> {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT_COMPATIBILITY)) {
                upsert.setString(1, bus);
                upsert.setString(2, type);
                upsert.setString(3, compatibility);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    private static Optional<StoredSubject> find(Connection c, String bus, String type) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT_SUBJECT)) {
            select.setString(1, bus);
            select.setString(2, type);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(subject(rows)) : Optional.empty();
            }
        }
    }

    private static void checkSubject(String bus, String type) {
        Check.present(bus, "bus");
        Check.text(type, "type");
    }

    /** Names a subject in messages as the registry does: {@code 'orders/order.placed'}, or {@code 'order.placed'}. */
    private static String name(String bus, String type) {
        return "'" + (bus.isEmpty() ? type : bus + "/" + type) + "'";
    }

    private static StoredSchema schema(ResultSet row) throws SQLException {
        long deletedAt = row.getLong("deleted_at");
        boolean live = row.wasNull();
        return new StoredSchema(
                row.getString("bus"),
                row.getString("type"),
                row.getInt("version"),
                row.getString("document"),
                row.getString("fingerprint"),
                Micros.instant(row.getLong("created_at")),
                live ? null : Micros.instant(deletedAt));
    }

    private static StoredSubject subject(ResultSet row) throws SQLException {
        return new StoredSubject(row.getString("bus"), row.getString("type"), row.getString("compatibility"));
    }
}
