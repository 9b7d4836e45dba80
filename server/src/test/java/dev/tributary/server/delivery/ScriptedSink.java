package dev.tributary.server.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver for tests (OkHttp's MockWebServer idea): an HTTP/1.1 server on a free loopback port that records
 * every request it gets and answers each as scripted, in order.
 *
 * <pre>{@code
 * try (ScriptedSink sink = ScriptedSink.start()) {
 *     sink.answer(503).answer(Answer.status(429).header("Retry-After", "7")).answer(200);
 *     ... deliver to sink.url() ...
 *     List<Received> got = sink.awaitRequests(3, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * Once the script runs out every request gets {@link #otherwise} (200 unless changed). An {@link Answer} can also
 * stall (hold the answer for a while, or until {@link #release()}), drop the connection without answering, redirect,
 * or stream a huge body. Each request is served on its own virtual thread, so a stalled answer holds up no other.
 *
 * <p>Thread-safe: tests script and inspect it while deliveries arrive. Uses the JDK's own HTTP server, so that the
 * sender is tested against an implementation other than its own.
 */
public final class ScriptedSink implements AutoCloseable {
    // Room for a burst of new connections from a client pool.
    private static final int BACKLOG = 256;
    private final HttpServer server;
    private final ExecutorService threads;
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile Answer otherwise = Answer.status(200);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<CountDownLatch> stalls = ConcurrentHashMap.newKeySet();
    private final AtomicLong streamed = new AtomicLong();
    private final AtomicInteger cutShort = new AtomicInteger();

    private ScriptedSink(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts a sink on a free port of 127.0.0.1. */
    public static ScriptedSink start() {
        return start(InetAddress.getLoopbackAddress());
    }

    /** Starts a sink on a free port of {@code address}. */
    public static ScriptedSink start(InetAddress address) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), BACKLOG);
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            ScriptedSink sink = new ScriptedSink(server, threads);
            server.setExecutor(threads);
            server.createContext("/", sink::handle);
            server.start();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a scripted sink", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/hook}. */
    public URI url() {
        return url("/hook");
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers the next unanswered request with {@code status} and no body. */
    public ScriptedSink answer(int status) {
        return answer(Answer.status(status));
    }

    /** Answers the next unanswered request with {@code answer}; calls queue up in order. */
    public ScriptedSink answer(Answer answer) {
        script.add(Objects.requireNonNull(answer, "answer"));
        return this;
    }

    /** The answer for every request once the script has run out; 200 unless set. */
    public ScriptedSink otherwise(Answer answer) {
        otherwise = Objects.requireNonNull(answer, "answer");
        return this;
    }

    /** Every request received so far, in arrival order (recorded before it is answered, so stalled ones count). */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /**
     * Waits until at least {@code n} requests have arrived and returns all received so far.
     *
     * @throws org.awaitility.core.ConditionTimeoutException if they do not arrive within {@code timeout}
     */
    public List<Received> awaitRequests(int n, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(5)).until(() -> received.size() >= n);
        return received();
    }

    /** Ends every stall in progress now: each stalled request is answered at once. */
    public void release() {
        for (CountDownLatch stall : stalls) {
            stall.countDown();
        }
    }

    /** How many body bytes {@link Answer#streaming streaming} answers managed to write before the client went away. */
    public long bytesStreamed() {
        return streamed.get();
    }

    /** How many {@link Answer#streaming streaming} answers ended early because the client closed the connection. */
    public int streamsCutShort() {
        return cutShort.get();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    Collections.unmodifiableMap(headers),
                    body,
                    Instant.now()));
            Answer answer = script.poll();
            if (answer == null) {
                answer = otherwise;
            }
            stall(answer.stall());
            if (answer.dropConnection()) {
                // Closing an exchange before any response header closes its connection: the client sees no answer.
                return;
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (answer.streamedBytes() > 0) {
                stream(exchange, answer);
            } else {
                exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
                if (answer.body().length > 0) {
                    exchange.getResponseBody().write(answer.body());
                }
            }
        }
    }

    private void stall(Duration stall) {
        if (stall.isZero()) {
            return;
        }
        CountDownLatch released = new CountDownLatch(1);
        stalls.add(released);
        try {
            released.await(stall.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stalls.remove(released);
        }
    }

    private void stream(HttpExchange exchange, Answer answer) throws IOException {
        exchange.sendResponseHeaders(answer.status(), 0);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        OutputStream out = exchange.getResponseBody();
        try {
            for (long left = answer.streamedBytes(); left > 0; ) {
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                streamed.addAndGet(n);
                left -= n;
            }
        } catch (IOException e) {
            // The client closed the connection instead of reading it all: what a bounded reader does.
            cutShort.incrementAndGet();
        }
    }

    /**
     * How the sink answers one request. Build with the static factories, refine with the others:
     * {@code Answer.status(429).header("Retry-After", "7").body("slow down")}. Immutable.
     *
     * @param status the status code sent
     * @param headers response headers
     * @param body the response body (empty: none)
     * @param stall how long to wait before answering, or until {@link ScriptedSink#release()}
     * @param dropConnection close the connection instead of answering
     * @param streamedBytes when positive, a chunked body of this many bytes is written instead of {@code body}
     */
    public record Answer(
            int status,
            Map<String, String> headers,
            byte[] body,
            Duration stall,
            boolean dropConnection,
            long streamedBytes) {
        public Answer {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            body = body.clone();
        }

        public static Answer status(int status) {
            return new Answer(status, Map.of(), new byte[0], Duration.ZERO, false, 0);
        }

        /** Closes the connection without answering (after reading the request). */
        public static Answer drop() {
            return new Answer(0, Map.of(), new byte[0], Duration.ZERO, true, 0);
        }

        /** A redirect: {@code status} (301, 302, 307, 308) with {@code Location}. */
        public static Answer redirect(int status, String location) {
            return status(status).header("Location", location);
        }

        /** {@code status} with a body of {@code bytes} bytes of {@code x}, streamed in chunks, never held in memory. */
        public static Answer streaming(int status, long bytes) {
            return new Answer(status, Map.of(), new byte[0], Duration.ZERO, false, bytes);
        }

        public Answer header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, body, stall, dropConnection, streamedBytes);
        }

        public Answer body(String text) {
            return body(text.getBytes(UTF_8));
        }

        public Answer body(byte[] bytes) {
            return new Answer(status, headers, bytes, stall, dropConnection, streamedBytes);
        }

        /** Holds this answer for {@code stall}, or until {@link ScriptedSink#release()}, whichever comes first. */
        public Answer stall(Duration stall) {
            return new Answer(status, headers, body, stall, dropConnection, streamedBytes);
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * One request as the sink got it.
     *
     * @param path the request target: path and query
     * @param headers by lower-case name, every value in order
     * @param body the body bytes exactly
     * @param at when it arrived
     */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body, Instant at) {
        /** The first value of a header, any case of {@code name}; {@code null} if absent. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The body as UTF-8 text. */
        public String bodyText() {
            return new String(body, UTF_8);
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }
}
