package dev.tributary.it;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Tributary node running as a separate process ({@code server/target/tributary.jar}) on port 0, started by the JVM
 * that runs the tests. Its output goes to {@code target/it-logs/<name>.out} and {@code .err}.
 *
 * <p>{@link #start} returns once {@code /health/ready} answers 200. {@link #kill()} is the crash ({@code kill -9});
 * {@link #stop()} the clean stop ({@code kill -TERM}). Not thread-safe: one test thread owns it.
 */
final class NodeProcess implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path JAR = ROOT.resolve("server/target/tributary.jar");
    static final Path LOGS = Path.of(System.getProperty("user.dir"), "target", "it-logs");
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:/\\s]+):(\\d+)");

    private final Process process;
    private final URI base;
    private final String name;

    private NodeProcess(Process process, URI base, String name) {
        this.process = process;
        this.base = base;
        this.name = name;
    }

    /** Starts a node on {@code data} with {@code extraArgs} after {@code server --port 0 --data <data>}. */
    static NodeProcess start(Path data, String name, String... extraArgs) throws Exception {
        return start(data, name, List.of(), extraArgs);
    }

    /** Like {@link #start(Path, String, String...)}, with {@code jvmOptions} ({@code -Xmx64m}…) before {@code -jar}. */
    static NodeProcess start(Path data, String name, List<String> jvmOptions, String... extraArgs) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build the server module first (./build package)");
        }
        Files.createDirectories(LOGS);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString(), "server", "--port", "0", "--data", data.toString()));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command)
                .redirectError(LOGS.resolve(name + ".err").toFile())
                .start();
        try {
            String line = firstLineCopyingTheRest(process, LOGS.resolve(name + ".out")).get(60, TimeUnit.SECONDS);
            Matcher m = LISTENING.matcher(line);
            if (!m.find()) {
                throw new IllegalStateException("unexpected first line of node " + name + ": " + line);
            }
            String host = m.group(1).equals("0.0.0.0") ? "127.0.0.1" : m.group(1);
            URI base = URI.create("http://" + host + ":" + m.group(2));
            NodeProcess node = new NodeProcess(process, base, name);
            // the key is written before the node listens; with auth none there is none, and /health/ready is open
            Http.useAdminKey(data, base.getPort());
            await("node " + name + " ready")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> !process.isAlive() || Http.status(base.resolve("/health/ready")) == 200);
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + "; see "
                        + LOGS.resolve(name + ".err"));
            }
            return node;
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static CompletableFuture<String> firstLineCopyingTheRest(Process process, Path out) {
        CompletableFuture<String> first = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream file = Files.newOutputStream(out)) {
                String line;
                while ((line = in.readLine()) != null) {
                    first.complete(line);
                    file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    file.flush();
                }
                first.completeExceptionally(new IllegalStateException("node exited without printing its address"));
            } catch (IOException e) {
                first.completeExceptionally(new UncheckedIOException(e));
            }
        }, "node-stdout-" + out.getFileName());
        pump.setDaemon(true);
        pump.start();
        return first;
    }

    URI base() {
        return base;
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node " + name + " survived SIGKILL for 30 s");
        }
    }

    /** {@code kill -TERM}; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("node " + name + " did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** Kills the node if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
