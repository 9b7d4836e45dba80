package dev.tributary.core.eventstore.projection;

import dev.tributary.core.eventstore.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;

/**
 * Where projections keep their states and checkpoints: a SQLite file (embedded) or a PostgreSQL database, over JDBC.
 * The driver is the application's choice and its runtime dependency ({@code org.xerial:sqlite-jdbc},
 * {@code org.postgresql:postgresql}); core itself needs only {@code java.sql}.
 *
 * <p>Tables: {@code tributary_projections} (a checkpoint row per projection version), {@code
 * tributary_projection_skips} (every event an operator skipped) and one {@code "tp_<name>_v<version>"} per version
 * ({@link StateTable}). Each runner of a {@link Projector} has a connection of its own, and each projector one more
 * for its queries.
 *
 * <p>Thread-safe. A store failure is a {@link ProjectionException} naming the store and the reason.
 */
public final class ProjectionStore implements AutoCloseable {
    /** Opens a connection; an {@link SQLException} is the store failing. */
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final Dialect dialect;
    private final String description;
    private final ConcurrentMap<String, Projector<?>> projectors = new ConcurrentHashMap<>();

    private ProjectionStore(Connector connector, String description) {
        this.connector = connector;
        this.description = description;
        try (Connection c = connector.connect()) {
            this.dialect = Dialect.of(c);
            dialect.prepare(c);
            CheckpointTable.create(c);
        } catch (SQLException e) {
            throw new ProjectionException(description + ": " + e.getMessage() + hint(e), e);
        }
    }

    /**
     * A SQLite file (created with its folder when missing), in WAL mode with {@code synchronous=NORMAL}: commits are
     * atomic, and a power loss can only undo the last of them, states and checkpoint together (states are derived
     * from the log, so that costs a replay, never a wrong state).
     */
    public static ProjectionStore sqlite(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file is required");
        }
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("projection store " + absolute + ": cannot create its folder", e);
        }
        String url = "jdbc:sqlite:" + absolute;
        return new ProjectionStore(() -> DriverManager.getConnection(url), "projection store " + absolute);
    }

    /** A PostgreSQL database; tables go to the connection's schema ({@code currentSchema=…} in the URL chooses it). */
    public static ProjectionStore postgres(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:, was " + jdbcUrl);
        }
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // a batch's upserts go as multi-row INSERTs: one statement per batch instead of one per state
        properties.setProperty("reWriteBatchedInserts", "true");
        return new ProjectionStore(() -> DriverManager.getConnection(jdbcUrl, properties),
                "projection store " + jdbcUrl.replaceAll("password=[^&]*", "password=…"));
    }

    /**
     * A PostgreSQL (or SQLite) database behind a data source, such as the application's connection pool; the driver
     * tells which. Each runner keeps one connection for as long as it runs.
     */
    public static ProjectionStore postgres(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource is required");
        }
        return new ProjectionStore(dataSource::getConnection, "projection store " + dataSource);
    }

    /** A projector of {@code projection} over {@code events} with the default options; not started yet. */
    public <S> Projector<S> projector(EventStore events, Projection<S> projection) {
        return projector(events, projection, ProjectorOptions.defaults());
    }

    /**
     * A projector of {@code projection} over {@code events}; not started yet.
     *
     * @throws IllegalStateException when this store has a projector of that name open
     */
    public <S> Projector<S> projector(EventStore events, Projection<S> projection, ProjectorOptions options) {
        ProjectionChecks.requireValid(projection);
        ProjectionChecks.require(events, "events");
        ProjectionChecks.require(options, "options");
        Projector<S> projector = new Projector<>(this, events, projection, options);
        if (projectors.putIfAbsent(projection.name(), projector) != null) {
            throw new IllegalStateException("projection '" + projection.name() + "' already has a projector open on "
                    + description);
        }
        return projector;
    }

    /** Closes every projector still open on this store (the data source, if one was given, stays the caller's). */
    @Override
    public void close() {
        for (Projector<?> projector : new ArrayList<>(projectors.values())) {
            projector.close();
        }
    }

    Connection connect() throws SQLException {
        Connection c = connector.connect();
        try {
            dialect.prepare(c);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    Dialect dialect() {
        return dialect;
    }

    String description() {
        return description;
    }

    void closed(Projector<?> projector) {
        projectors.remove(projector.name(), projector);
    }

    private static String hint(SQLException e) {
        return e.getMessage() != null && e.getMessage().startsWith("No suitable driver")
                ? " (put the JDBC driver on the class path: org.xerial:sqlite-jdbc or org.postgresql:postgresql)"
                : "";
    }
}
