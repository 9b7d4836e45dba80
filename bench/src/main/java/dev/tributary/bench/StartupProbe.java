package dev.tributary.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Starts a node process on a data directory and measures the time from process start to the first
 * {@code GET /health/ready} that answers 200 (polled every 5 ms once the node has printed its address), then, after
 * {@code --idle} seconds without traffic, its resident memory ({@code VmRSS} of {@code /proc/<pid>/status}). Stops
 * the node with SIGTERM and reports its exit code. Optionally creates a bus before stopping.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.tributary.bench.StartupProbe --jar server/target/tributary.jar \
 *     --data DIR [--idle 5] [--create-bus name:partitions] [--log FILE] [--results F --run N --label start.empty]
 * </pre>
 */
public final class StartupProbe {
    private StartupProbe() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("jar", "data", "idle", "create-bus", "log", "results", "run", "label",
                "timeout", "rss-label"));
        Path jar = Path.of(args.string("jar", "server/target/tributary.jar"));
        Path data = Path.of(args.string("data", "data"));
        Path log = Path.of(args.string("log", data.toAbsolutePath() + ".node.log"));
        long timeoutSeconds = args.number("timeout", 300);

        long start = System.nanoTime();
        try (NodeProcess node = NodeProcess.start(jar, data, log, timeoutSeconds)) {
            double startupMillis = (System.nanoTime() - start) / 1e6;

            Thread.sleep(TimeUnit.SECONDS.toMillis(args.number("idle", 5)));
            double rssMb = residentKiB(node.pid()) / 1024.0;

            if (args.has("create-bus")) {
                String[] parts = args.string("create-bus", "").split(":");
                String body = "{\"name\":\"" + parts[0] + "\",\"partitions\":" + (parts.length > 1 ? parts[1] : "1") + "}";
                HttpRequest.Builder create = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/v1/buses"));
                node.authorization().ifPresent(auth -> create.header("authorization", auth));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                int created = NodeProcess.status(http, create
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
                if (created != 201 && created != 409) {
                    throw new IllegalStateException("creating bus " + parts[0] + " answered " + created);
                }
            }
            int exit = node.stop();
            System.out.printf(Locale.ROOT, "RESULT startup_ms=%.1f rss_mb=%.1f exit=%d%n", startupMillis, rssMb, exit);
            if (args.has("results")) {
                ResultsFile results = new ResultsFile(Path.of(args.string("results", "")), (int) args.number("run", 1));
                results.put(args.string("label", "start") + ".ms", startupMillis);
                results.put(args.string("rss-label", args.string("label", "start") + ".rss"), rssMb);
            }
        }
    }

    static long residentKiB(long pid) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        for (String line : lines) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }
}
