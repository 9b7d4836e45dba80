package dev.tributary.broker.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link HookStore} in SQL that SQLite and PostgreSQL both accept. */
final class SqlHookStore implements HookStore {
    private static final String COLUMNS = "name, bus, document, created_at, updated_at";
    private static final String INSERT = "INSERT INTO hooks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (name) DO NOTHING";
    private static final String UPDATE = "UPDATE hooks SET bus = ?, document = ?, updated_at = ? WHERE name = ?";
    private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM hooks WHERE name = ?";
    private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM hooks ORDER BY name";
    private static final String DELETE = "DELETE FROM hooks WHERE name = ?";

    private final Database db;

    SqlHookStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(StoredHook hook) {
        Check.present(hook, "hook");
        db.write("create hook", null, c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setString(1, hook.name());
                insert.setString(2, hook.bus());
                insert.setString(3, hook.document());
                insert.setLong(4, Micros.of(hook.createdAt()));
                insert.setLong(5, Micros.of(hook.updatedAt()));
                if (insert.executeUpdate() == 0) {
                    throw new HookExistsException(hook.name());
                }
            }
            return null;
        });
    }

    @Override
    public boolean update(String name, String bus, String document, Instant at) {
        Check.text(name, "name");
        Check.text(bus, "bus");
        Check.text(document, "document");
        long micros = Micros.of(Check.present(at, "at"));
        return db.write("update hook", null, c -> {
            try (PreparedStatement update = c.prepareStatement(UPDATE)) {
                update.setString(1, bus);
                update.setString(2, document);
                update.setLong(3, micros);
                update.setString(4, name);
                return update.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<StoredHook> get(String name) {
        Check.text(name, "name");
        return db.read("read hook", null, c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT_ONE)) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(hook(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredHook> list() {
        return db.read("list hooks", null, c -> {
            List<StoredHook> hooks = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(SELECT_ALL);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    hooks.add(hook(rows));
                }
            }
            return hooks;
        });
    }

    @Override
    public boolean delete(String name) {
        Check.text(name, "name");
        return db.write("delete hook", null, c -> {
            try (PreparedStatement delete = c.prepareStatement(DELETE)) {
                delete.setString(1, name);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static StoredHook hook(ResultSet rows) throws SQLException {
        return new StoredHook(rows.getString("name"), rows.getString("bus"), rows.getString("document"),
                Micros.instant(rows.getLong("created_at")), Micros.instant(rows.getLong("updated_at")));
    }
}
