package dev.tributary.core.eventstore.projection;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs work in one JDBC transaction on a connection that is otherwise in auto-commit. Stateless. */
final class Transactions {
    private Transactions() {}

    /** Work that answers whether to commit. */
    interface Work {
        boolean run() throws SQLException;
    }

    /**
     * Runs {@code work}: committed when it answers true, rolled back when it answers false or throws; the connection
     * is back in auto-commit after, unless it broke.
     */
    static boolean run(Connection c, Work work) throws SQLException {
        c.setAutoCommit(false);
        try {
            boolean done = work.run();
            if (done) {
                c.commit();
            } else {
                c.rollback();
            }
            c.setAutoCommit(true);
            return done;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // a broken connection: whoever owns it closes it and opens another
        }
    }
}
