package dev.tributary.broker;

import dev.tributary.core.eventstore.EventStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * One SQLite file of a bus's directory (its snapshots, its consumer groups), opened at the first use so that a bus
 * that never needs it holds no file open: one connection behind a lock, WAL, its tables made when it opens.
 *
 * <p>Thread-safe. {@link SQLException}s become {@link EventStoreException}s naming the work and the file.
 */
public final class LocalDatabase implements AutoCloseable {
    /** Work on the connection, with the lock held. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final SQLiteConfig.SynchronousMode synchronous;
    private final String[] schema;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection; // guarded by lock
    private boolean closed; // guarded by lock

    /**
     * @param synchronous {@code FULL} where a commit is a promise (acks), {@code NORMAL} for derived data
     * @param schema statements that make the tables if they are missing
     */
    public LocalDatabase(Path file, SQLiteConfig.SynchronousMode synchronous, String... schema) {
        this.file = file;
        this.synchronous = synchronous;
        this.schema = schema.clone();
    }

    public Path file() {
        return file;
    }

    /** Whether the file exists: reads of a database that was never written need not create it. */
    public boolean exists() {
        return Files.exists(file);
    }

    /** Runs {@code work}, auto-committed statement by statement. */
    public <T> T run(String what, Work<T> work) {
        lock.lock();
        try {
            return work.run(connection());
        } catch (SQLException e) {
            throw new EventStoreException("cannot " + what + " in " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} in one transaction: all of it commits, or none of it. */
    public <T> T transaction(String what, Work<T> work) {
        return run(what, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (connection != null) {
                connection.close();
                connection = null;
            }
        } catch (SQLException ignored) {
            // closing: nothing more is written through it
        } finally {
            lock.unlock();
        }
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new IllegalStateException(file + " is closed");
        }
        if (connection == null) {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(synchronous);
            config.setBusyTimeout(10_000);
            Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                for (String statement : schema) {
                    s.execute(statement);
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }
}
