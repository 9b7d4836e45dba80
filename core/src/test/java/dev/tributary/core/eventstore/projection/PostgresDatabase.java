package dev.tributary.core.eventstore.projection;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The PostgreSQL the projection tests run against: {@code jdbc:postgresql://127.0.0.1:5432/test}, user
 * {@code postgres}, trust authentication (override with {@code -Dtributary.test.pg=…}). When it does not answer, the
 * machine's cluster is started once; when it still does not, the test fails saying so, it is never skipped. Each test
 * gets a schema of its own ({@link #freshSchema}), so runs never meet.
 */
public final class PostgresDatabase {
    public static final String URL = System.getProperty("tributary.test.pg", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = "postgres";
    private static volatile boolean up;

    private PostgresDatabase() {}

    /** A new empty schema; its JDBC URL (with {@code currentSchema}). */
    public static String freshSchema(String prefix) {
        ensureUp();
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops the schema of a URL {@link #freshSchema} gave, with everything in it. */
    public static void dropSchema(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    public static ProjectionStore store(String url) {
        return ProjectionStore.postgres(url, USER, null);
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + URL + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    private static synchronized void ensureUp() {
        if (up) {
            return;
        }
        if (!answers()) {
            startCluster();
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(PostgresDatabase::answers);
            } catch (ConditionTimeoutException e) {
                throw new IllegalStateException("PostgreSQL does not answer at " + URL + " (user " + USER
                        + ", trust auth), also after pg_ctlcluster start: the projection tests need it", e);
            }
        }
        up = true;
    }

    private static boolean answers() {
        try (Connection c = DriverManager.getConnection(URL, USER, null)) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void startCluster() {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            for (Path version : versions.toList()) {
                Process p = new ProcessBuilder(List.of("pg_ctlcluster", "--skip-systemctl-redirect",
                                version.getFileName().toString(), "main", "start"))
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().transferTo(System.err);
                p.waitFor(60, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL does not answer at " + URL + " and cannot be started: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
