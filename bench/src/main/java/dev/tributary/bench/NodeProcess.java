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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node process started by a bench tool ({@link StartupProbe}, {@link NodeTarget}): {@code java -jar <jar> server
 * --port 0 --data <dir> --durability fsync} with the tool's own JVM, its output copied to a log file; ready once
 * {@code GET /health/ready} answers 200 (polled every 5 ms once the node has printed its address). {@link #stop()}
 * and {@link #close()} stop it with SIGTERM.
 *
 * <p>Not thread-safe: the tool that starts it stops it. Fails with {@link IllegalStateException} naming the log file
 * when the node exits early or is not ready in time.
 */
final class NodeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:/\\s]+):(\\d+)");

    private final Process process;
    private final int port;
    private final Path data;
    private final Path log;

    private NodeProcess(Process process, int port, Path data, Path log) {
        this.process = process;
        this.port = port;
        this.data = data;
        this.log = log;
    }

    /**
     * Starts the node and waits until it answers {@code /health/ready} with 200, at most {@code timeoutSeconds} from
     * now in all; a node that exits or is not ready in time is killed.
     */
    static NodeProcess start(Path jar, Path data, Path log, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-jar", jar.toString(), "server", "--port", "0", "--data",
                        data.toString(), "--durability", "fsync")
                .redirectErrorStream(true)
                .start();
        try {
            int port = awaitPort(process, log, timeoutSeconds);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .GET()
                    .build();
            while (status(http, ready) != 200) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("node not ready within " + timeoutSeconds + " s; see " + log);
                }
                Thread.sleep(5);
            }
            return new NodeProcess(process, port, data, log);
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The {@code Authorization} header for the admin key the node wrote on its first start, if it did. */
    Optional<String> authorization() throws IOException {
        return Credentials.fromDataDir(data);
    }

    /**
     * SIGTERM, then up to 120 s for the node to stop; answers its exit code (143 after a clean stop on SIGTERM). A
     * node that does not stop in time is killed and this throws.
     */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("node did not stop within 120 s of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    /** {@link #stop()}s the node unless it stopped already. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    /** Reads the node's first lines for its port, then copies the rest of its output to {@code log}. */
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

    /** The status of the answer to {@code request}; -1 when there is none (not listening yet, or gone). */
    static int status(HttpClient http, HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
