package dev.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The event store's appends beside PostgreSQL's, side by side in one run: the same {@link AppendRun} (16 writer
 * threads, each with 1,000 streams of its own, one 1 KB JSON event per append with the exact expected version) against
 * each side in turn, each on fresh data:
 *
 * <ul>
 *   <li>{@code embedded}: {@link EmbeddedTarget}, the event store in this process (fsync);
 *   <li>{@code http}: {@link NodeTarget}, a node process (fsync) over HTTP, one connection per writer;
 *   <li>{@code postgres}: {@link PostgresTarget}, PostgreSQL as Message DB uses it, one connection per writer.
 * </ul>
 *
 * Prints one {@code RESULT} line per side (appends/s, p50/p99/max latency, the checked totals) and the ratios to
 * PostgreSQL; records {@code <label>.<side>.thrpt|p50|p99|max} (ms) for {@link ResultsReport}. PostgreSQL is checked
 * first, before any side runs: when it cannot be reached the tool says so and exits with status 1. A side whose
 * appends fail (a wrong expected version included) or whose store does not hold what it acknowledged fails the run.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.tributary.bench.StoreAppendLoad --jar server/target/tributary.jar \
 *     [--dir SCRATCH] [--sides embedded,http,postgres] [--writers 16] [--streams 1000] [--event-bytes 1024] \
 *     [--warmup 15] [--duration 30] [--pg-url jdbc:postgresql://localhost:5432/test] [--pg-user postgres] \
 *     [--node-log FILE] [--results F --run N --label pgstore]
 * </pre>
 */
public final class StoreAppendLoad {
    private static final Set<String> OPTIONS = Set.of("jar", "dir", "sides", "writers", "streams", "event-bytes",
            "warmup", "duration", "pg-url", "pg-user", "node-log", "results", "run", "label");
    private static final Set<String> SIDES = Set.of("embedded", "http", "postgres");

    private StoreAppendLoad() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, OPTIONS);
        Path jar = Path.of(args.string("jar", "server/target/tributary.jar"));
        List<String> sides = List.of(args.string("sides", "embedded,http,postgres").split(","));
        if (sides.isEmpty() || !SIDES.containsAll(sides) || Set.copyOf(sides).size() != sides.size()) {
            throw new IllegalArgumentException("--sides must list some of " + SIDES + " once each, was " + sides);
        }
        int writers = (int) args.number("writers", 16);
        int streams = (int) args.number("streams", 1000);
        byte[] data = BenchEvents.jsonData((int) args.number("event-bytes", 1024));
        double warmup = args.decimal("warmup", 15);
        double duration = args.decimal("duration", 30);
        Path dir = args.has("dir") ? Path.of(args.string("dir", "")) : TempDirs.create("tributary-pgstore");
        Files.createDirectories(dir);
        Path nodeLog = Path.of(args.string("node-log", dir.resolve("node.log").toString()));
        String prefix = "sa-" + UUID.randomUUID() + "-";

        // Checked before any side runs, so that a missing PostgreSQL fails in seconds, not after the other sides.
        PostgresTarget postgres = sides.contains("postgres")
                ? PostgresTarget.open(args.string("pg-url", "jdbc:postgresql://localhost:5432/test"),
                        args.string("pg-user", "postgres"), data)
                : null;
        System.out.printf(Locale.ROOT, "%d writers × %d streams each, %d-byte events, %.0f s warm-up + %.0f s"
                + " measured per side; %s%n", writers, streams, data.length, warmup, duration,
                postgres == null ? "no PostgreSQL" : postgres.describe());
        Map<String, AppendRun.Outcome> outcomes = new LinkedHashMap<>();
        try {
            for (String side : sides) {
                System.out.println("side " + side + " …");
                AppendTarget target = switch (side) {
                    case "embedded" -> EmbeddedTarget.open(dir, data);
                    case "http" -> NodeTarget.start(jar, dir, nodeLog, writers, data);
                    default -> postgres;
                };
                try {
                    AppendRun.Outcome outcome = AppendRun.measure(target, writers, streams, warmup, duration, prefix);
                    outcomes.put(side, outcome);
                    print(outcome);
                } finally {
                    if (target != postgres) {
                        target.close();
                    }
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close(); // opened first, closed last: it drops the schema
            }
        }
        report(outcomes, args);
    }

    private static void print(AppendRun.Outcome o) {
        LatencyHistogram l = o.latencies();
        System.out.printf(Locale.ROOT, "RESULT side=%s appends=%d seconds=%.2f throughput=%.1f p50_ms=%.3f p99_ms=%.3f"
                        + " max_ms=%.3f acknowledged=%d stored=%d%n", o.side(), o.appends(), o.seconds(),
                o.throughput(), l.percentileNanos(50) / 1e6, l.percentileNanos(99) / 1e6, l.maxNanos() / 1e6,
                o.acknowledged(), o.stored());
    }

    private static void report(Map<String, AppendRun.Outcome> outcomes, Args args) {
        AppendRun.Outcome postgres = outcomes.get("postgres");
        if (postgres != null && postgres.throughput() > 0) {
            List<String> ratios = new ArrayList<>();
            for (String side : List.of("http", "embedded")) {
                if (outcomes.containsKey(side)) {
                    ratios.add(String.format(Locale.ROOT, "%s/postgres=%.2f", side,
                            outcomes.get(side).throughput() / postgres.throughput()));
                }
            }
            if (!ratios.isEmpty()) {
                System.out.println("RESULT " + String.join(" ", ratios));
            }
        }
        if (args.has("results")) {
            ResultsFile results = new ResultsFile(Path.of(args.string("results", "")), (int) args.number("run", 1));
            String label = args.string("label", "pgstore");
            for (AppendRun.Outcome o : outcomes.values()) {
                String at = label + "." + o.side() + ".";
                results.put(at + "thrpt", o.throughput());
                results.put(at + "p50", o.latencies().percentileNanos(50) / 1e6);
                results.put(at + "p99", o.latencies().percentileNanos(99) / 1e6);
                results.put(at + "max", o.latencies().maxNanos() / 1e6);
            }
        }
    }
}
