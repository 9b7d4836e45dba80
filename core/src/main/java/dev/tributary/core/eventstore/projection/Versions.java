package dev.tributary.core.eventstore.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes of a projection's versions, each one transaction: a version's row and table made, a rebuild
 * abandoned, a rebuilt version made the serving one (and the older ones dropped). Stateless.
 */
final class Versions {
    private Versions() {}

    /** Makes sure the version's row and table exist; {@code serve}: and that queries answer from it. */
    static void prepare(Connection c, StateTable table, String name, int version, boolean serve, Instant now)
            throws SQLException {
        Transactions.run(c, () -> {
            if (CheckpointTable.row(c, name, version).isEmpty()) {
                CheckpointTable.insert(c, name, version, serve, now);
            } else if (serve) {
                CheckpointTable.serve(c, name, version);
            }
            table.create(c);
            return true;
        });
    }

    /** Drops a version nobody serves from: its table, row and skips. */
    static void abandon(Connection c, StateTable table, String name, int version) throws SQLException {
        Transactions.run(c, () -> {
            table.drop(c);
            CheckpointTable.delete(c, name, version);
            return true;
        });
    }

    /** Makes {@code version} the serving one and drops every older version; the versions dropped. */
    static List<Integer> promote(Connection c, Dialect dialect, String name, int version) throws SQLException {
        List<Integer> dropped = new ArrayList<>();
        Transactions.run(c, () -> {
            CheckpointTable.serve(c, name, version);
            for (CheckpointRow row : CheckpointTable.rows(c, name)) {
                if (row.version() < version) {
                    new StateTable(name, row.version(), dialect, false).drop(c);
                    CheckpointTable.delete(c, name, row.version());
                    dropped.add(row.version());
                }
            }
            return true;
        });
        return dropped;
    }
}
