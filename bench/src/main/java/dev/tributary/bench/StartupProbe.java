package dev.tributary.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:/\\s]+):(\\d+)");

    private StartupProbe() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("jar", "data", "idle", "create-bus", "log", "results", "run", "label",
                "timeout", "rss-label"));
        Path jar = Path.of(args.string("jar", "server/target/tributary.jar"));
        Path data = Path.of(args.string("data", "data"));
        Path log = Path.of(args.string("log", data.toAbsolutePath() + ".node.log"));
        long timeoutSeconds = args.number("timeout", 300);
        String java = ProcessHandle.current().info().command().orElse("java");

        long start = System.nanoTime();
        Process node = new ProcessBuilder(java, "-jar", jar.toString(), "server", "--port", "0", "--data",
                        data.toString(), "--durability", "fsync")
                .redirectErrorStream(true)
                .start();
        try {
            int port = awaitPort(node, log, timeoutSeconds);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
            long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (status(http, HttpRequest.newBuilder(ready).GET().build()) != 200) {
                if (System.nanoTime() > deadline || !node.isAlive()) {
                    throw new IllegalStateException("node not ready within " + timeoutSeconds + " s; see " + log);
                }
                Thread.sleep(5);
            }
            double startupMillis = (System.nanoTime() - start) / 1e6;

            Thread.sleep(TimeUnit.SECONDS.toMillis(args.number("idle", 5)));
            double rssMb = residentKiB(node.pid()) / 1024.0;

            if (args.has("create-bus")) {
                String[] parts = args.string("create-bus", "").split(":");
                String body = "{\"name\":\"" + parts[0] + "\",\"partitions\":" + (parts.length > 1 ? parts[1] : "1") + "}";
                HttpRequest.Builder create = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/buses"));
                Credentials.fromDataDir(data).ifPresent(auth -> create.header("authorization", auth));
                int created = status(http, create
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
                if (created != 201 && created != 409) {
                    throw new IllegalStateException("creating bus " + parts[0] + " answered " + created);
                }
            }
            node.destroy();
            if (!node.waitFor(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("node did not stop within 120 s of SIGTERM; see " + log);
            }
            System.out.printf(Locale.ROOT, "RESULT startup_ms=%.1f rss_mb=%.1f exit=%d%n", startupMillis, rssMb,
                    node.exitValue());
            if (args.has("results")) {
                ResultsFile results = new ResultsFile(Path.of(args.string("results", "")), (int) args.number("run", 1));
                results.put(args.string("label", "start") + ".ms", startupMillis);
                results.put(args.string("rss-label", args.string("label", "start") + ".rss"), rssMb);
            }
        } finally {
            node.destroyForcibly();
        }
    }

    /** Reads the node's first line for its port, then copies the rest of its output to {@code log}. */
    private static int awaitPort(Process node, Path log, long timeoutSeconds) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = Files.newOutputStream(log)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Matcher m = LISTENING.matcher(line);
                    if (!port.isDone() && m.find()) {
                        port.complete(Integer.parseInt(m.group(2)));
                    }
                }
                port.completeExceptionally(new IllegalStateException("node exited before listening; see " + log));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    private static int status(HttpClient http, HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
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
