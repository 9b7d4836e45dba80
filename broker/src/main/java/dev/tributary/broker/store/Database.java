package dev.tributary.broker.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one JDBC connection of a metadata store, shared by its stores and guarded by one lock: every read and every
 * transaction holds the lock for its whole duration. SQLite lets only one writer in at a time anyway, and the
 * metadata is small, so a pool would add contention and no throughput. A write is one transaction that either
 * commits (durably: the connection runs with {@code synchronous=FULL}) or rolls back and throws.
 *
 * <p>Thread-safe. {@link SQLException}s become {@link MetadataException}s naming the operation and the subscription;
 * other exceptions thrown by the work (such as {@link SubscriptionNotFoundException}) roll back and pass through.
 */
final class Database implements AutoCloseable {

    /** Work on the connection; it runs with the lock held, inside a transaction when it writes. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String name;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    /** @param name names the store in messages: {@code metadata store /var/lib/tributary/metadata.db} */
    Database(String name, Connection connection) {
        this.name = name;
        this.connection = connection;
    }

    /** Runs read-only work, outside any explicit transaction. */
    <T> T read(String operation, String subscriptionId, Work<T> work) {
        lock.lock();
        try {
            requireOpen();
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(operation, subscriptionId, e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs work in one transaction: it all commits when the work returns, or none of it does. */
    <T> T write(String operation, String subscriptionId, Work<T> work) {
        lock.lock();
        try {
            requireOpen();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Throwable e) {
                // Errors too: switching back to auto-commit below would otherwise commit half the work.
                rollback(e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(operation, subscriptionId, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                connection.close();
            }
        } catch (SQLException e) {
            throw failure("close", null, e);
        } finally {
            lock.unlock();
        }
    }

    private void rollback(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    private MetadataException failure(String operation, String subscriptionId, SQLException e) {
        String subject = subscriptionId == null ? "" : " (subscription '" + subscriptionId + "')";
        return new MetadataException(name + ": cannot " + operation + subject + ": " + e.getMessage(), e);
    }
}
