package dev.tributary.broker.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/** {@link EnforcementStore} in SQL that SQLite and PostgreSQL both accept. */
final class SqlEnforcementStore implements EnforcementStore {
    private static final String SELECT = "SELECT bus, incarnation, mode FROM schema_enforcement";
    private static final String UPSERT = "INSERT INTO schema_enforcement (bus, incarnation, mode) VALUES (?, ?, ?)"
            + " ON CONFLICT (bus) DO UPDATE SET incarnation = excluded.incarnation, mode = excluded.mode";

    private final Database db;

    SqlEnforcementStore(Database db) {
        this.db = db;
    }

    @Override
    public Map<String, Setting> all() {
        return db.read("read schema enforcement", null, c -> {
            Map<String, Setting> all = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement(SELECT);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    all.put(rows.getString("bus"), new Setting(rows.getString("incarnation"), rows.getString("mode")));
                }
            }
            return all;
        });
    }

    @Override
    public void set(String bus, String incarnation, String mode) {
        Check.text(bus, "bus");
        Check.text(incarnation, "incarnation");
        Check.text(mode, "mode");
        db.write("set schema enforcement", null, c -> {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                upsert.setString(1, bus);
                upsert.setString(2, incarnation);
                upsert.setString(3, mode);
                upsert.executeUpdate();
            }
            return null;
        });
    }
}
