package dev.tributary.bench;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.util.PSQLException;

/**
 * The same appends into PostgreSQL, the way Message DB stores events (and Marten, in its own tables): one table of
 * messages with a unique {@code (stream_name, version)}, and each append one transaction that takes an advisory lock
 * on the stream, reads the stream's version, compares it with the expected one and inserts the event at the next
 * version, committed with {@code synchronous_commit = on}. As in Message DB the transaction is one call of a PL/pgSQL
 * function ({@code write_message}), so an append costs one round trip:
 *
 * <pre>
 * SELECT tributary_bench.write_message(stream, type, data::jsonb, metadata::jsonb, expected_version)
 *   -- pg_advisory_xact_lock(hashtext(stream)); SELECT max(version) …; compare; INSERT …; (autocommit) COMMIT
 * </pre>
 *
 * <p>Message DB locks on the hash of the stream's <em>category</em> ({@code acquire_lock}), which serializes every
 * writer of one category; this locks on the stream's own hash, PostgreSQL's best case for many streams of one
 * category. The schema {@code tributary_bench} holds the table and the function: dropped and made anew when the target
 * opens, dropped when it closes; nothing else in the database is touched.
 *
 * <p>Thread-safe: each writer has its own JDBC connection. Fails with {@link IllegalStateException} when PostgreSQL
 * cannot be reached or does not fsync, naming the URL.
 */
final class PostgresTarget implements AppendTarget {
    private static final String SCHEMA = "tributary_bench";
    /** The SQLSTATE {@code write_message} raises on a wrong expected version, with the stream's version as DETAIL. */
    private static final String WRONG_VERSION = "TB409";

    private static final String CREATE = """
            DROP SCHEMA IF EXISTS tributary_bench CASCADE;
            CREATE SCHEMA tributary_bench;
            CREATE TABLE tributary_bench.messages (
              global_position bigserial PRIMARY KEY,
              stream_name text NOT NULL,
              version bigint NOT NULL,
              type text,
              data jsonb,
              metadata jsonb,
              time timestamptz DEFAULT now(),
              UNIQUE (stream_name, version)
            );
            CREATE FUNCTION tributary_bench.write_message(
              _stream_name text, _type text, _data jsonb, _metadata jsonb, _expected_version bigint)
            RETURNS bigint AS $$
            DECLARE
              _version bigint;
            BEGIN
              PERFORM pg_advisory_xact_lock(hashtext(_stream_name));
              SELECT max(version) INTO _version FROM tributary_bench.messages WHERE stream_name = _stream_name;
              _version := coalesce(_version, -1);
              IF _version <> _expected_version THEN
                RAISE EXCEPTION 'Wrong expected version: % (stream: %, stream version: %)',
                    _expected_version, _stream_name, _version
                  USING ERRCODE = 'TB409', DETAIL = _version::text;
              END IF;
              INSERT INTO tributary_bench.messages (stream_name, version, type, data, metadata)
                VALUES (_stream_name, _version + 1, _type, _data, _metadata);
              RETURN _version + 1;
            END;
            $$ LANGUAGE plpgsql VOLATILE;
            """;

    private final String url;
    private final Properties properties;
    private final String data;

    private PostgresTarget(String url, Properties properties, byte[] data) {
        this.url = url;
        this.properties = properties;
        this.data = new String(data, StandardCharsets.UTF_8);
    }

    /**
     * Connects to {@code url} as {@code user}, checks that commits are durable ({@code fsync} on), and makes the
     * schema anew.
     */
    static PostgresTarget open(String url, String user, byte[] data) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("connectTimeout", "5");
        PostgresTarget target = new PostgresTarget(url, properties, data);
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            String fsync = setting(s, "fsync");
            if (!"on".equals(fsync)) {
                throw new IllegalStateException("PostgreSQL at " + url + " runs with fsync " + fsync
                        + ": its commits are not durable, so it cannot be compared with an fsync-ed store");
            }
            s.execute(CREATE);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + url + " as user " + user + " ("
                    + e.getMessage() + "); start it (trust auth, database test) or pass --pg-url", e);
        }
        return target;
    }

    /** A line about the server for the output: its version and how it commits. */
    String describe() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            return "PostgreSQL " + setting(s, "server_version") + ", synchronous_commit " + setting(s,
                    "synchronous_commit") + ", fsync " + setting(s, "fsync") + ", wal_sync_method "
                    + setting(s, "wal_sync_method");
        }
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Writer writer() throws SQLException {
        Connection connection = connect();
        PreparedStatement write = connection.prepareStatement(
                "SELECT " + SCHEMA + ".write_message(?, ?, ?::jsonb, ?::jsonb, ?)");
        PreparedStatement version = connection.prepareStatement(
                "SELECT coalesce(max(version), -1) FROM " + SCHEMA + ".messages WHERE stream_name = ?");
        return new Writer() {
            @Override
            public long append(String stream, long expectedVersion, String eventId) throws SQLException {
                write.setString(1, stream);
                write.setString(2, BenchEvents.TYPE);
                write.setString(3, data);
                write.setString(4, "{\"id\":\"" + eventId + "\",\"source\":\"" + BenchEvents.SOURCE + "\"}");
                write.setLong(5, expectedVersion);
                try (ResultSet r = write.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                } catch (PSQLException e) {
                    if (WRONG_VERSION.equals(e.getSQLState())) {
                        throw new WrongExpectedVersionException(stream,
                                expectedVersion < 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(expectedVersion),
                                Long.parseLong(e.getServerErrorMessage().getDetail()));
                    }
                    throw e;
                }
            }

            @Override
            public long currentVersion(String stream) throws SQLException {
                version.setString(1, stream);
                try (ResultSet r = version.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }

            @Override
            public void close() throws SQLException {
                connection.close();
            }
        };
    }

    @Override
    public long storedEvents() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".messages")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    /** A connection in autocommit (each {@code write_message} its own transaction), committing synchronously. */
    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, properties);
        try (Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = on");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet r = s.executeQuery("SHOW " + name)) {
            r.next();
            return r.getString(1);
        }
    }
}
