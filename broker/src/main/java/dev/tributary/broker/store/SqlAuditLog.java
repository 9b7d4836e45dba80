package dev.tributary.broker.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link AuditLog} in SQL that SQLite and PostgreSQL both accept. */
final class SqlAuditLog implements AuditLog {
    private static final String INSERT = "INSERT INTO audit (at, actor, address, action, resource, status, detail)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT sequence, at, actor, address, action, resource, status, detail"
            + " FROM audit WHERE sequence > ? ORDER BY sequence LIMIT ?";
    private static final String PURGE = "DELETE FROM audit WHERE at < ?";

    private final Database db;

    SqlAuditLog(Database db) {
        this.db = db;
    }

    @Override
    public void record(AuditEntry entry) {
        Check.present(entry, "entry");
        db.write("record audit entry", null, c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setLong(1, Micros.of(entry.at()));
                insert.setString(2, entry.actor());
                insert.setString(3, entry.address());
                insert.setString(4, entry.action());
                insert.setString(5, entry.resource());
                insert.setInt(6, entry.status());
                if (entry.detail().isPresent()) {
                    insert.setString(7, entry.detail().get());
                } else {
                    insert.setNull(7, Types.VARCHAR);
                }
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<AuditEntry> list(long after, int limit) {
        Check.atLeast(limit, 1, "limit");
        return db.read("list audit entries", null, c -> {
            List<AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(SELECT)) {
                select.setLong(1, after);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new AuditEntry(
                                rows.getLong("sequence"),
                                Micros.instant(rows.getLong("at")),
                                rows.getString("actor"),
                                rows.getString("address"),
                                rows.getString("action"),
                                rows.getString("resource"),
                                rows.getInt("status"),
                                Optional.ofNullable(rows.getString("detail"))));
                    }
                }
            }
            return entries;
        });
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        long before = Micros.of(Check.present(cutoff, "cutoff"));
        return db.write("purge audit entries", null, c -> {
            try (PreparedStatement purge = c.prepareStatement(PURGE)) {
                purge.setLong(1, before);
                return purge.executeUpdate();
            }
        });
    }
}
