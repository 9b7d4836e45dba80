package dev.tributary.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP sink on port 0 (the JDK's {@link HttpServer}) that answers every request with one status, switchable
 * at any time ({@link #answer}: 503 while "down", 200 while "up"), and counts what it got. Each subscription of a test
 * may deliver to its own path ({@link #uri(String)}), so that one sink tells many subscriptions apart.
 *
 * <p>It records, per request path, every binary-mode event ({@code ce-id}) it answered 2xx to, with how many times;
 * requests answered otherwise are only counted. Thread-safe: requests are handled on virtual threads, the records are
 * concurrent maps and counters.
 */
final class CountingSink implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile int status;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong firstAccepted = new AtomicLong();
    private final Map<String, Map<String, AtomicInteger>> delivered = new ConcurrentHashMap<>();

    private CountingSink(int status) throws IOException {
        this.status = status;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /** Starts a sink that answers {@code status} to everything until told otherwise. */
    static CountingSink answering(int status) throws IOException {
        CountingSink sink = new CountingSink(status);
        sink.server.start();
        return sink;
    }

    /** The URL of {@code path} (starting with {@code /}) on this sink. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** From now on answers {@code status} to every request. */
    void answer(int status) {
        this.status = status;
    }

    /** Every request received, whatever it was answered. */
    long requests() {
        return requests.get();
    }

    /** Requests answered 2xx. */
    long accepted() {
        return accepted.get();
    }

    /** When ({@link System#nanoTime()}) the first request was answered 2xx; 0 while none was. */
    long firstAcceptedAt() {
        return firstAccepted.get();
    }

    /** Requests answered anything but 2xx. */
    long refused() {
        return refused.get();
    }

    /** The paths to which at least one event was delivered (answered 2xx). */
    Set<String> paths() {
        return Set.copyOf(delivered.keySet());
    }

    /** The events delivered to {@code path}: {@code ce-id} → how many times it was answered 2xx. */
    Map<String, Integer> delivered(String path) {
        Map<String, AtomicInteger> events = delivered.getOrDefault(path, Map.of());
        Map<String, Integer> copy = new TreeMap<>();
        events.forEach((id, count) -> copy.put(id, count.get()));
        return copy;
    }

    /** How many distinct events were delivered to {@code path}. */
    int distinct(String path) {
        return delivered.getOrDefault(path, Map.of()).size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            int answer = status;
            if (answer / 100 == 2) {
                String id = String.valueOf(exchange.getRequestHeaders().getFirst("ce-id"));
                // Recorded before the answer: once the node may see the 2xx, the test must already know.
                delivered.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new ConcurrentHashMap<>())
                        .computeIfAbsent(id, k -> new AtomicInteger())
                        .incrementAndGet();
                accepted.incrementAndGet();
                firstAccepted.compareAndSet(0, System.nanoTime());
            } else {
                refused.incrementAndGet();
            }
            exchange.sendResponseHeaders(answer, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
