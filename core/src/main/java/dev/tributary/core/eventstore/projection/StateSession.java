package dev.tributary.core.eventstore.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A runner's connection to the state store, and the transactions it runs on it: a batch's states with its checkpoint,
 * a skip with its record. Outside them the connection is in auto-commit, so that the reads of a batch take no lock
 * (in SQLite a read transaction that then writes can fail at once when another writer went first). Not thread-safe:
 * owned by the runner's thread; after an {@link SQLException} the runner closes it and opens a new one.
 */
final class StateSession implements AutoCloseable {
    private final Connection connection;
    private final StateWriter writer;
    private final String projection;
    private final int version;

    private StateSession(Connection connection, StateWriter writer, String projection, int version) {
        this.connection = connection;
        this.writer = writer;
        this.projection = projection;
        this.version = version;
    }

    static StateSession open(ProjectionStore store, StateTable table, String projection, int version)
            throws SQLException {
        Connection c = store.connect();
        try {
            return new StateSession(c, new StateWriter(table, c), projection, version);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    Connection connection() {
        return connection;
    }

    Map<String, byte[]> fetch(Collection<String> keys) throws SQLException {
        return writer.fetch(keys);
    }

    Optional<CheckpointRow> row() throws SQLException {
        return CheckpointTable.row(connection, projection, version);
    }

    /**
     * Writes {@code changes} and moves the checkpoint from {@code expected} to {@code next} in one transaction;
     * false, and nothing written, when the stored checkpoint is not {@code expected}.
     */
    boolean commit(Map<String, ? extends Batch.Change<?>> changes, long expected, long next, ProjectionState status,
            String error, long errorPosition, Instant now) throws SQLException {
        return Transactions.run(connection, () -> {
            writer.write(changes);
            return CheckpointTable.advance(connection, projection, version, expected, next, status, error,
                    errorPosition, now);
        });
    }

    /** Records a failure in the checkpoint row, which stays at {@code checkpoint}; false when it moved. */
    boolean record(long checkpoint, String error, long errorPosition, Instant now) throws SQLException {
        return CheckpointTable.advance(connection, projection, version, checkpoint, checkpoint,
                ProjectionState.DEGRADED, error, errorPosition, now);
    }

    /** Moves the checkpoint past a skipped failure and records the skip, in one transaction; false when it moved. */
    boolean skip(long expected, long next, long position, String error, Instant now) throws SQLException {
        return Transactions.run(connection, () -> CheckpointTable.skip(connection, projection, version, expected, next, position,
                error, now));
    }

    /** Closes the statements and the connection, whatever state they are in. */
    @Override
    public void close() {
        try {
            writer.close();
        } catch (SQLException e) {
            // closing anyway
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
