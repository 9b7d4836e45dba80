package dev.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.projection.KeyedState;
import dev.tributary.core.eventstore.projection.Projection;
import dev.tributary.core.eventstore.projection.ProjectionState;
import dev.tributary.core.eventstore.projection.ProjectionStatus;
import dev.tributary.core.eventstore.projection.ProjectionStore;
import dev.tributary.core.eventstore.projection.Projector;
import dev.tributary.core.eventstore.projection.ProjectorOptions;
import dev.tributary.core.eventstore.projection.StateCodec;
import dev.tributary.eventstore.EmbeddedEventStore;
import dev.tributary.eventstore.EventStoreOptions;
import dev.tributary.log.Durability;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A Java projection catching up with an embedded store: {@code --events} small JSON events ({@code {"amount":n}})
 * spread round-robin over {@code --streams} streams, appended first (not measured), then a projection counting and
 * summing the amounts per stream (its apply parses each event's data with Jackson; its state is a record in JSON),
 * run from position 0 until it is caught up, once per {@code --sides} entry: {@code sqlite} (a fresh file beside the
 * store) and {@code postgres} (a fresh schema at {@code --pg-url}, user postgres). The figure is events/s from
 * {@code start()} to the status saying caught up at the end; then every stream's count and sum are checked.
 *
 * <p>Prints a {@code RESULT} line per side and records {@code <label>.<side>.thrpt} (events/s) and
 * {@code <label>.<side>.seconds}. Exits with status 1 when a check fails.
 *
 * <pre>
 * ProjectionLoad [--events 1000000] [--streams 10000] [--batch 500] [--sides sqlite,postgres]
 *     [--pg-url jdbc:postgresql://localhost:5432/test] [--dir scratch] [--timeout 600]
 *     [--results results.tsv --run 1 --label projection]
 * </pre>
 */
public final class ProjectionLoad {
    private static final Set<String> OPTIONS = Set.of("events", "streams", "batch", "sides", "pg-url", "dir",
            "timeout", "results", "run", "label");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stream's state. */
    public record Totals(long count, long sum) {}

    private ProjectionLoad() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, OPTIONS);
        int events = (int) args.number("events", 1_000_000);
        int streams = (int) args.number("streams", 10_000);
        int batch = (int) args.number("batch", 500);
        long timeoutMs = args.number("timeout", 600) * 1000;
        String pgUrl = args.string("pg-url", "jdbc:postgresql://localhost:5432/test");
        if (events < streams || streams < 1) {
            throw new IllegalArgumentException("--streams must be at least 1 and at most --events");
        }
        Path dir = args.has("dir") ? Path.of(args.string("dir", "")) : TempDirs.create("projection-load");
        ResultsFile results = args.has("results")
                ? new ResultsFile(Path.of(args.string("results", "")), (int) args.number("run", 1))
                : null;
        String label = args.string("label", "projection");
        boolean failed = false;
        try (EmbeddedEventStore store = EmbeddedEventStore.open(dir.resolve("store"),
                EventStoreOptions.defaults().withDurability(Durability.NONE))) {
            long filling = System.nanoTime();
            fill(store, events, streams);
            System.out.printf(Locale.ROOT, "filled %,d events in %,d streams in %.1f s%n", events, streams,
                    (System.nanoTime() - filling) / 1e9);
            for (String side : args.string("sides", "sqlite,postgres").split(",")) {
                String schema = "bench_projection_" + System.nanoTime();
                ProjectionStore states = switch (side) {
                    case "sqlite" -> ProjectionStore.sqlite(dir.resolve("projection-" + System.nanoTime() + ".db"));
                    case "postgres" -> {
                        execute(pgUrl, "CREATE SCHEMA " + schema);
                        yield ProjectionStore.postgres(pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema="
                                + schema, "postgres", null);
                    }
                    default -> throw new IllegalArgumentException("--sides takes sqlite and postgres, not " + side);
                };
                try (states) {
                    failed |= !run(store, states, side, events, streams, batch, timeoutMs, results, label);
                } finally {
                    if (side.equals("postgres")) {
                        execute(pgUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                    }
                }
            }
        } finally {
            if (!args.has("dir")) {
                TempDirs.delete(dir);
            }
        }
        if (failed) {
            System.exit(1);
        }
    }

    /** One side's catch-up; false when its check failed. */
    private static boolean run(EmbeddedEventStore store, ProjectionStore states, String side, int events, int streams,
            int batch, long timeoutMs, ResultsFile results, String label) throws InterruptedException {
        Projector<Totals> projector = states.projector(store, projection(), ProjectorOptions.defaults()
                .withBatchSize(batch).withCacheSize(Math.max(10_000, streams)));
        long started = System.nanoTime();
        projector.start();
        ProjectionStatus status = projector.status();
        while (status.state() != ProjectionState.RUNNING || status.position() < events) {
            if (status.state() == ProjectionState.DEGRADED) {
                System.out.println("FAILED: " + side + ": " + status.lastError());
                return false;
            }
            if ((System.nanoTime() - started) / 1_000_000 > timeoutMs) {
                System.out.println("FAILED: " + side + ": not caught up in time: " + status);
                return false;
            }
            Thread.sleep(20); // the tool polls the status; the projection runs on its own thread
            status = projector.status();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = events / seconds;
        List<String> wrong = check(projector, events, streams);
        projector.close();
        System.out.printf(Locale.ROOT, "RESULT side=%s events=%d streams=%d batch=%d seconds=%.2f throughput=%.1f%n",
                side, events, streams, batch, seconds, rate);
        if (!wrong.isEmpty()) {
            System.out.println("FAILED: " + side + ": " + String.join("; ", wrong));
            return false;
        }
        if (results != null) {
            results.put(label + "." + side + ".thrpt", rate);
            results.put(label + "." + side + ".seconds", seconds);
        }
        return true;
    }

    private static Projection<Totals> projection() {
        return Projection.builder("bench-totals", StateCodec.json(Totals.class))
                .initialState(new Totals(0, 0))
                .apply((t, e) -> new Totals(t.count() + 1, t.sum() + amount(e)))
                .build();
    }

    private static long amount(RecordedEvent e) {
        try {
            return JSON.readTree(e.event().getData().toBytes()).path("amount").asLong();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** Event i (0-based) goes to stream i % streams with amount i % 100; appended 10 at a time per stream. */
    private static void fill(EmbeddedEventStore store, int events, int streams) {
        int perAppend = Math.max(1, Math.min(10, events / streams));
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        int next = 0;
        while (next < events) {
            for (int s = 0; s < streams && next < events; s++) {
                List<CloudEvent> chunk = new ArrayList<>(perAppend);
                for (int k = 0; k < perAppend && next < events; k++, next++) {
                    chunk.add(CloudEventBuilder.v1()
                            .withId("e" + next)
                            .withSource(URI.create("/bench"))
                            .withType("bench.amount")
                            .withData("application/json",
                                    ("{\"amount\":" + (next % 100) + "}").getBytes(StandardCharsets.UTF_8))
                            .build());
                }
                inFlight.add(store.appendToStream("acct-" + s, ExpectedVersion.any(), chunk));
                if (inFlight.size() == 1000) {
                    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                    inFlight.clear();
                }
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    }

    /** Every stream counted once per event and summed: what was wrong, if anything. */
    private static List<String> check(Projector<Totals> projector, int events, int streams) {
        List<String> wrong = new ArrayList<>();
        long count = 0;
        long sum = 0;
        int keys = 0;
        String after = null;
        for (List<KeyedState<Totals>> page = projector.states(after, 10_000); !page.isEmpty();
                page = projector.states(after, 10_000)) {
            for (KeyedState<Totals> k : page) {
                count += k.state().count();
                sum += k.state().sum();
                keys++;
            }
            after = page.get(page.size() - 1).key();
        }
        long expectedSum = 0;
        for (int i = 0; i < events; i++) {
            expectedSum += i % 100;
        }
        if (keys != streams) {
            wrong.add(keys + " streams counted, not " + streams);
        }
        if (count != events || sum != expectedSum) {
            wrong.add("counted " + count + " events summing " + sum + ", not " + events + " summing " + expectedSum);
        }
        return wrong;
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + ": " + sql + ": " + e.getMessage(), e);
        }
    }
}
