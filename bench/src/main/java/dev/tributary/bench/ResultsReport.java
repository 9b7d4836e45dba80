package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes {@code bench/RESULTS.md} from one bench run's measurements: the JMH result files ({@code jmh-<run>.json})
 * and the {@link ResultsFile} lines of the other tools, all in {@code --work}. Each figure shows min / median / max
 * over the runs and, where there is one, the target and whether the median meets it.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.tributary.bench.ResultsReport --work DIR --out bench/RESULTS.md</pre>
 */
public final class ResultsReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** metric → run → value */
    private final Map<String, Map<Integer, Double>> metrics = new TreeMap<>();

    private ResultsReport() {}

    public static void main(String[] argv) throws IOException {
        Args args = Args.parse(argv, Set.of("work", "out", "notes"));
        Path work = Path.of(args.string("work", "bench/target/run"));
        ResultsReport report = new ResultsReport();
        try (Stream<Path> files = Files.list(work)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.matches("jmh-\\d+\\.json")) {
                    report.readJmh(file, Integer.parseInt(name.replaceAll("\\D", "")));
                } else if (name.endsWith(".tsv")) {
                    report.readTsv(file);
                }
            }
        }
        report.ratio("http.binary.ratio", "http.binary.node.thrpt", "http.binary.noop.thrpt");
        report.ratio("http.batch.ratio", "http.batch.node.thrpt", "http.batch.noop.thrpt");
        report.ratio("delivery.ingest.ratio", "delivery.ingest.subs.thrpt", "delivery.ingest.none.thrpt");
        report.ratio("delivery.ingest.idle.ratio", "delivery.ingest.idle.thrpt", "delivery.ingest.none.thrpt");
        report.ratio("scale.ingest.ratio", "scale.ingest.spread.thrpt", "scale.ingest.one.thrpt");
        report.ratio("gateway.single.ratio", "gateway.single.key.thrpt", "gateway.single.none.thrpt");
        report.ratio("gateway.batch.ratio", "gateway.batch.enforce.thrpt", "gateway.batch.plain.thrpt");
        report.ratio("gateway.batch.cpu.ratio", "gateway.batch.plain.cpu_us", "gateway.batch.enforce.cpu_us");
        report.ratio("gateway.grpc.ratio", "gateway.grpc.stream.thrpt", "gateway.http.batch.thrpt");
        for (String mode : new String[] {"single", "batch"}) {
            String at = "store.ingest." + mode + ".";
            report.ratio(at + "ratio", at + "global.thrpt", at + "partition.thrpt");
            report.ratio(at + "cpu.ratio", at + "partition.cpu_us", at + "global.cpu_us");
        }
        report.ratio("pgstore.http.ratio", "pgstore.http.thrpt", "pgstore.postgres.thrpt");
        report.ratio("pgstore.embedded.ratio", "pgstore.embedded.thrpt", "pgstore.postgres.thrpt");
        String notes = args.has("notes") && Files.exists(Path.of(args.string("notes", "")))
                ? Files.readString(Path.of(args.string("notes", "")))
                : "";
        Path out = Path.of(args.string("out", "bench/RESULTS.md"));
        Files.writeString(out, report.markdown(notes), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    private void put(String metric, int run, double value) {
        metrics.computeIfAbsent(metric, k -> new TreeMap<>()).put(run, value);
    }

    private void readTsv(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String[] cols = line.split("\t");
            if (cols.length == 3) {
                put(cols[1], Integer.parseInt(cols[0]), Double.parseDouble(cols[2]));
            }
        }
    }

    private void readJmh(Path file, int run) throws IOException {
        for (JsonNode result : JSON.readTree(file.toFile())) {
            String benchmark = result.path("benchmark").asText();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String prefix = switch (method) {
                case "oneWriter" -> "append.w1.p" + result.path("params").path("partitions").asText();
                case "sixteenWriters" -> "append.w16.p" + result.path("params").path("partitions").asText();
                case "sixteenPipelinedWriters" ->
                        "append.pipelined.p" + result.path("params").path("partitions").asText();
                case "appendWithExactExpectedVersion" -> "stream.exact";
                case "readAllForward" -> "store.all.embedded";
                case "validate", "tree", "validateTree" -> "schema." + method;
                case "evaluate" -> "filter." + result.path("params").path("dialect").asText() + "."
                        + result.path("params").path("outcome").asText();
                default -> "jmh." + method;
            };
            JsonNode primary = result.path("primaryMetric");
            String unit = primary.path("scoreUnit").asText();
            if ("thrpt".equals(result.path("mode").asText())) {
                put(prefix + ".thrpt", run, primary.path("score").asDouble() * perSecond(unit));
            } else if ("sample".equals(result.path("mode").asText())) {
                double toMillis = toMillis(unit);
                JsonNode percentiles = primary.path("scorePercentiles");
                put(prefix + ".p50", run, percentiles.path("50.0").asDouble() * toMillis);
                put(prefix + ".p99", run, percentiles.path("99.0").asDouble() * toMillis);
                put(prefix + ".mean", run, primary.path("score").asDouble() * toMillis);
            } else if ("avgt".equals(result.path("mode").asText())) {
                put(prefix + ".ns", run, primary.path("score").asDouble() * toMillis(unit) * 1e6);
            }
        }
    }

    private static double perSecond(String unit) {
        return switch (unit) {
            case "ops/s" -> 1;
            case "ops/ms" -> 1e3;
            case "ops/us" -> 1e6;
            default -> throw new IllegalArgumentException("unexpected throughput unit " + unit);
        };
    }

    private static double toMillis(String unit) {
        return switch (unit) {
            case "s/op" -> 1e3;
            case "ms/op" -> 1;
            case "us/op" -> 1e-3;
            case "ns/op" -> 1e-6;
            default -> throw new IllegalArgumentException("unexpected time unit " + unit);
        };
    }

    private void ratio(String metric, String numerator, String denominator) {
        Map<Integer, Double> top = metrics.getOrDefault(numerator, Map.of());
        Map<Integer, Double> bottom = metrics.getOrDefault(denominator, Map.of());
        top.forEach((run, value) -> {
            Double base = bottom.get(run);
            if (base != null && base > 0) {
                put(metric, run, value / base);
            }
        });
    }

    private String markdown(String notes) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Tributary benchmark results\n\n");
        md.append("Written by `bench/run.sh` on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
                .append(". Each figure: min / median / max over the runs (n = number of runs); the verdict compares the median with the target.\n\n");
        md.append("## Machine\n\n");
        md.append("| | |\n| --- | --- |\n");
        md.append("| CPU | ").append(cpuModel()).append(" |\n");
        md.append("| cores (nproc) | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
        md.append("| memory | ").append(memTotal()).append(" |\n");
        md.append("| JDK | ").append(System.getProperty("java.vendor")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" |\n");
        md.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(" |\n\n");
        if (!notes.isBlank()) {
            md.append(notes.strip()).append("\n\n");
        }

        md.append("## 1. In-process durable append (BusLog, fsync per group commit, 1 KB events)\n\n");
        FigureTable t = new FigureTable(md, metrics);
        for (int writers : new int[] {1, 16}) {
            for (int partitions : new int[] {1, 4}) {
                String key = "append.w" + writers + ".p" + partitions;
                String label = writers + " writer" + (writers > 1 ? "s" : "") + ", " + partitions + " partition"
                        + (partitions > 1 ? "s" : "");
                t.row(label + ": throughput", key + ".thrpt", "events/s", "%,.0f",
                        writers == 16 ? "≥ 150,000" : null, writers == 16 ? v -> v >= 150_000 : null);
                t.row(label + ": p50 latency", key + ".p50", "ms", "%.2f", null, null);
                t.row(label + ": p99 latency", key + ".p99", "ms", "%.2f", null, null);
            }
        }
        for (int partitions : new int[] {1, 4}) {
            t.row("16 writers × 32 in flight, " + partitions + " partition" + (partitions > 1 ? "s" : "")
                            + ": throughput", "append.pipelined.p" + partitions + ".thrpt", "events/s", "%,.0f",
                    "≥ 150,000", v -> v >= 150_000);
        }
        t.end();

        md.append("## 2. HTTP ingest, 64 keep-alive connections (node with `--durability fsync` vs no-op Vert.x server)\n\n");
        t = new FigureTable(md, metrics);
        t.row("single events, binary mode: node", "http.binary.node.thrpt", "events/s", "%,.0f", null, null);
        t.row("single events, binary mode: no-op server", "http.binary.noop.thrpt", "events/s", "%,.0f", null, null);
        t.row("single events: node / no-op", "http.binary.ratio", "ratio", "%.2f", "≥ 0.60", v -> v >= 0.60);
        t.row("single events: node p50", "http.binary.node.p50", "ms", "%.2f", null, null);
        t.row("single events: node p99", "http.binary.node.p99", "ms", "%.2f", null, null);
        t.row("single events: no-op p50", "http.binary.noop.p50", "ms", "%.2f", null, null);
        t.row("single events: no-op p99", "http.binary.noop.p99", "ms", "%.2f", null, null);
        t.row("batches of 100: node", "http.batch.node.thrpt", "events/s", "%,.0f", "≥ 150,000", v -> v >= 150_000);
        t.row("batches of 100: no-op server", "http.batch.noop.thrpt", "events/s", "%,.0f", null, null);
        t.row("batches of 100: node / no-op", "http.batch.ratio", "ratio", "%.2f", null, null);
        t.row("batches of 100: node p50 (per request)", "http.batch.node.p50", "ms", "%.2f", null, null);
        t.row("batches of 100: node p99 (per request)", "http.batch.node.p99", "ms", "%.2f", null, null);
        t.row("batches of 100: no-op p50 (per request)", "http.batch.noop.p50", "ms", "%.2f", null, null);
        t.row("batches of 100: no-op p99 (per request)", "http.batch.noop.p99", "ms", "%.2f", null, null);
        t.row("at half the max single-event rate: rate", "http.halfrate.thrpt", "events/s", "%,.0f", null, null);
        t.row("at half the max single-event rate: p50", "http.halfrate.p50", "ms", "%.2f", null, null);
        t.row("at half the max single-event rate: p99", "http.halfrate.p99", "ms", "%.2f", "≤ 5 ms", v -> v <= 5);
        t.row("same rate against the no-op server: p50", "http.halfrate.noop.p50", "ms", "%.2f", null, null);
        t.row("same rate against the no-op server: p99 (the floor on this machine)", "http.halfrate.noop.p99", "ms",
                "%.2f", null, null);
        t.end();

        md.append("## 3. Stream appends with an exact expected version, one writer (in-process, fsync)\n\n");
        t = new FigureTable(md, metrics);
        t.row("throughput", "stream.exact.thrpt", "appends/s", "%,.0f", null, null);
        t.row("p50 latency", "stream.exact.p50", "ms", "%.2f", null, null);
        t.row("p99 latency", "stream.exact.p99", "ms", "%.2f", null, null);
        t.end();

        md.append("## 4. Start, restart and memory of a node process\n\n");
        t = new FigureTable(md, metrics);
        t.row("restart with the filled data dir: process start → /health/ready 200", "restart.ms", "ms", "%,.0f",
                "≤ 10,000 ms", v -> v <= 10_000);
        t.row("  data in the restarted node", "restart.data.bytes", "MiB", "%,.0f", null, null, 1.0 / (1 << 20));
        t.row("  streams in the restarted node", "restart.streams", "streams", "%,.0f", null, null);
        t.row("  RSS after restart, idle", "restart.rss", "MiB", "%.0f", null, null);
        t.row("start on an empty data dir: process start → /health/ready 200", "start.empty.ms", "ms", "%,.0f", null,
                null);
        t.row("idle resident memory (VmRSS) of a node on an empty data dir", "start.empty.rss", "MiB", "%.0f",
                "≤ 200 MiB", v -> v <= 200);
        t.end();

        md.append("## 5. Subscription filters: one evaluation on a 1 KB JSON event (JMH, average time)\n\n");
        t = new FigureTable(md, metrics);
        String[][] dialects = {
            {"exact", "`exact` on `type`"},
            {"prefix", "`prefix` on `subject`"},
            {"suffix", "`suffix` on `source`"},
            {"all", "`all` of those 3"},
            {"any", "`any` of 3 `exact` types (the last one holds)"},
            {"not", "`not` around `exact` on `type`"},
            {"data", "`exact` on `data.customer.tier` (parses the data)"},
            {"sql", "CESQL `type = '…'`"},
            {"sqlAll", "CESQL of the 3 conditions of `all`"}
        };
        for (String[] dialect : dialects) {
            for (String outcome : new String[] {"match", "miss"}) {
                t.row(dialect[1] + ": " + (outcome.equals("match") ? "matching" : "not matching"),
                        "filter." + dialect[0] + "." + outcome + ".ns", "ns", "%,.1f", null, null);
            }
        }
        t.end();

        md.append("## 6. Subscription delivery to a no-op HTTP sink (node with `--allow-private-sinks"
                + " --durability fsync`, buses of 4 partitions)\n\n");
        t = new FigureTable(md, metrics);
        t.row("1 subscription, max in-flight 64, no filter: delivery rate", "delivery.one.thrpt", "events/s", "%,.0f",
                "≥ 20,000", v -> v >= 20_000);
        t.row("  backlog drained", "delivery.one.received", "events", "%,.0f", null, null);
        t.row("  time to drain it (first delivery → last)", "delivery.one.drain_s", "s", "%.1f", null, null);
        t.row("100 subscriptions, each `exact` on 1 of 100 types: total deliveries", "delivery.fanout.thrpt",
                "deliveries/s", "%,.0f", null, null);
        t.row("  backlog drained (each event delivered once)", "delivery.fanout.received", "events", "%,.0f", null,
                null);
        t.row("  time to drain it (first delivery → last)", "delivery.fanout.drain_s", "s", "%.1f", null, null);
        for (int rate : new int[] {1_000, 5_000, 10_000}) {
            String key = "delivery.latency.r" + rate;
            String at = String.format(Locale.ROOT, "publish → sink at %,d events/s", rate);
            t.row(at + ": p50", key + ".p50", "ms", "%.2f", null, null);
            t.row(at + ": p99", key + ".p99", "ms", "%.2f", rate == 5_000 ? "≤ 10 ms" : null,
                    rate == 5_000 ? v -> v <= 10 : null);
            t.row("  delivered rate in the window", key + ".thrpt", "events/s", "%,.0f", null, null);
            t.row("  publish request p99 (the ingest part of it)", "delivery.publish.r" + rate + ".p99", "ms", "%.2f",
                    null, null);
            t.row("  the floor: load generator straight to the sink, no node, p50", "delivery.floor.r" + rate + ".p50",
                    "ms", "%.2f", null, null);
            t.row("  the floor: p99", "delivery.floor.r" + rate + ".p99", "ms", "%.2f", null, null);
        }
        t.row("ingest, single events: no subscriptions", "delivery.ingest.none.thrpt", "events/s", "%,.0f", null,
                null);
        t.row("ingest, single events: 100 subscriptions whose filters match none of them", "delivery.ingest.idle.thrpt",
                "events/s", "%,.0f", null, null);
        t.row("  with those 100 / without: what subscriptions themselves cost", "delivery.ingest.idle.ratio", "ratio",
                "%.2f", "≥ 0.75", v -> v >= 0.75);
        t.row("ingest, single events: 100 subscriptions, each event delivered once (sink on the same cores)",
                "delivery.ingest.subs.thrpt", "events/s", "%,.0f", null, null);
        t.row("  with those 100 / without", "delivery.ingest.ratio", "ratio", "%.2f", "≥ 0.75", v -> v >= 0.75);
        t.row("  deliveries/s meanwhile (measured window)", "delivery.ingest.delivered.thrpt", "deliveries/s", "%,.0f",
                null, null);
        t.end();

        md.append("## 7. Many buses on one node (2,500 buses × 4 partitions, `./tributary server`'s JVM settings), and"
                + " the CLI's start\n\n");
        t = new FigureTable(md, metrics);
        t.row("creating the buses over HTTP, 16 at a time", "scale.create_s", "s", "%.1f", null, null);
        t.row("idle RSS with all of them open", "scale.idle.rss", "MiB", "%.0f", "< 1,024 MiB", v -> v < 1024);
        t.row("idle threads", "scale.idle.threads", "threads", "%.0f", "< 100", v -> v < 100);
        t.row("open files (one active segment per partition)", "scale.idle.fds", "files", "%,.0f", null, null);
        t.row("ingest, single events, into one bus of 4 partitions", "scale.ingest.one.thrpt", "events/s", "%,.0f",
                null, null);
        t.row("ingest, single events, round-robin over all 2,500 buses", "scale.ingest.spread.thrpt", "events/s",
                "%,.0f", null, null);
        t.row("  spread / one bus", "scale.ingest.ratio", "ratio", "%.2f", "≥ 0.80", v -> v >= 0.80);
        t.row("  spread: p99", "scale.ingest.spread.p99", "ms", "%.2f", null, null);
        t.row("threads right after the ingest", "scale.burst.threads", "threads", "%.0f", "< 100", v -> v < 100);
        t.row("RSS right after the ingest", "scale.burst.rss", "MiB", "%.0f", null, null);
        t.row("RSS after 65 s idle following the ingest", "scale.after.rss", "MiB", "%.0f", "< 1,024 MiB",
                v -> v < 1024);
        t.row("`./tributary bus list` against an idle node, median of 11 (class-data sharing, CLI JVM settings)",
                "cli.start.ms", "ms", "%.0f", "≤ 400 ms", v -> v <= 400);
        t.row("  the same with a plain `java -jar tributary.jar bus list` (the JVM's defaults)", "cli.start.plain.ms",
                "ms", "%.0f", null, null);
        t.end();

        md.append("## 8. The secure gateway: API keys, schema enforcement, hooks (one node, side by side in each run)\n\n");
        t = new FigureTable(md, metrics);
        t.row("single events with an API key (checked, cached)", "gateway.single.key.thrpt", "events/s", "%,.0f", null,
                null);
        t.row("single events on a node with --auth none", "gateway.single.none.thrpt", "events/s", "%,.0f", null, null);
        t.row("  with a key / without: what the key check costs", "gateway.single.ratio", "ratio", "%.2f", "≥ 0.95",
                v -> v >= 0.95);
        t.row("batches of 100 orders (1 KB) into a bus without validation", "gateway.batch.plain.thrpt", "events/s",
                "%,.0f", null, null);
        t.row("the same into a bus that enforces a schema of ~10 properties", "gateway.batch.enforce.thrpt",
                "events/s", "%,.0f", null, null);
        t.row("  enforced / plain", "gateway.batch.ratio", "ratio", "%.2f", "≥ 0.80", v -> v >= 0.80);
        t.row("  the node's CPU per event, without validation", "gateway.batch.plain.cpu_us", "µs", "%.2f", null,
                null);
        t.row("  … and enforcing", "gateway.batch.enforce.cpu_us", "µs", "%.2f", null, null);
        t.row("  CPU per event, plain / enforced: the rate the node could keep on its own cores",
                "gateway.batch.cpu.ratio", "ratio", "%.2f", "≥ 0.80", v -> v >= 0.80);
        t.row("  JMH: validating one such order's data (the quick check; the node reads it while decoding)",
                "schema.validate.ns", "ns", "%,.0f", null, null);
        t.row("  JMH: the general validator's way: reading the data into a tree", "schema.tree.ns", "ns", "%,.0f",
                null, null);
        t.row("  JMH: … and validating the tree", "schema.validateTree.ns", "ns", "%,.0f", null, null);
        t.row("batches of 100 × 1 KB over HTTP (64 connections)", "gateway.http.batch.thrpt", "events/s", "%,.0f", null,
                null);
        t.row("the same over gRPC PublishStream (8 streams × 8 batches in flight)", "gateway.grpc.stream.thrpt",
                "events/s", "%,.0f", null, null);
        t.row("  gRPC / HTTP", "gateway.grpc.ratio", "ratio", "%.2f", "≥ 1.00", v -> v >= 1.0);
        t.row("  gRPC: p99 per batch", "gateway.grpc.stream.p99", "ms", "%.2f", null, null);
        t.row("GitHub-style 5 KB deliveries to a hook (signature checked, mapped, stored)", "gateway.hook.thrpt",
                "requests/s", "%,.0f", null, null);
        t.row("  p99", "gateway.hook.p99", "ms", "%.2f", null, null);
        t.end();

        StoreFigures.write(md, metrics);
        return md.toString();
    }

    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.exists(cpuinfo)) {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() throws IOException {
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.exists(meminfo)) {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                }
            }
        }
        return "unknown";
    }
}
