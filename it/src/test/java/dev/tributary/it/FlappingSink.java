package dev.tributary.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP sink on port 0 (the JDK's {@link HttpServer}) that fails the way real receivers do, by a seeded
 * schedule, and records every event it accepted ({@code ce-id} → how many times it answered 200 for it).
 *
 * <p>While it {@linkplain #flapping flaps} it alternates up periods of 1–4 s with outages of 0.3–1.5 s (503 to
 * everything). When up, each request gets, decided by {@code (seed, ce-id, n-th arrival of that id)} so that an
 * event meets the same fate on a replay whatever the interleaving of requests:
 * <pre>
 *   70 %  200
 *    8 %  503                     retried by the node
 *    6 %  500                     retried by the node
 *    8 %  a stall of 100–400 ms, then 200 (within the subscription's timeout)
 *    8 %  the connection dropped after the body was read, no answer
 * </pre>
 * The outage windows are timed from the sink's start, so they replay only approximately. After {@link #calm()} it
 * answers 200 to everything. Any request that is not a binary-mode event of type {@value #MATCHING_TYPE} is recorded
 * as {@linkplain #unexpected unexpected} (and answered 200, so that it is not retried on top).
 *
 * <p>Thread-safe: requests are handled on virtual threads, the records are concurrent maps and counters.
 */
final class FlappingSink implements AutoCloseable {
    static final String MATCHING_TYPE = "even";
    private static final long HORIZON_NANOS = 600_000_000_000L;

    /** What the sink did with the requests it got. */
    enum Answer {
        OK, SERVICE_UNAVAILABLE, SERVER_ERROR, STALLED_OK, DROPPED, OUTAGE
    }

    private final long seed;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final long startNanos = System.nanoTime();
    /** Alternating [up, down) boundaries in nanoseconds since start: down from outages[2k] to outages[2k+1]. */
    private final long[] outages;
    private volatile boolean flapping = true;

    private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final Map<Answer, AtomicLong> answers = new ConcurrentHashMap<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();

    private FlappingSink(long seed) throws IOException {
        this.seed = seed;
        this.outages = outageSchedule(new Random(seed));
        for (Answer a : Answer.values()) {
            answers.put(a, new AtomicLong());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /** Starts a flapping sink whose schedule derives from {@code seed}. */
    static FlappingSink start(long seed) throws IOException {
        FlappingSink sink = new FlappingSink(seed);
        sink.server.start();
        return sink;
    }

    private static long[] outageSchedule(Random random) {
        List<Long> bounds = new ArrayList<>();
        long t = 0;
        while (t < HORIZON_NANOS) {
            t += random.nextLong(1_000, 4_000) * 1_000_000L;
            bounds.add(t);
            t += random.nextLong(300, 1_500) * 1_000_000L;
            bounds.add(t);
        }
        return bounds.stream().mapToLong(Long::longValue).toArray();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** From now on answers 200 to every request. */
    void calm() {
        flapping = false;
    }

    /** The events answered 200, with how many times each. */
    Map<String, AtomicInteger> delivered() {
        return delivered;
    }

    /** Requests that carried no event of the matching type: each described by its headers. */
    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    long answered(Answer answer) {
        return answers.get(answer).get();
    }

    /** Deliveries beyond the first of each event. */
    long duplicates() {
        return delivered.values().stream().mapToLong(c -> c.get() - 1).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("ce-id");
            String type = exchange.getRequestHeaders().getFirst("ce-type");
            if (id == null || !MATCHING_TYPE.equals(type)) {
                unexpected.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().entrySet());
                respond(exchange, 200);
                return;
            }
            int arrival = arrivals.computeIfAbsent(id, k -> new AtomicInteger()).getAndIncrement();
            Answer answer = decide(id, arrival);
            answers.get(answer).incrementAndGet();
            switch (answer) {
                case OK -> accept(exchange, id);
                case SERVICE_UNAVAILABLE, OUTAGE -> respond(exchange, 503);
                case SERVER_ERROR -> respond(exchange, 500);
                case STALLED_OK -> {
                    // A slow receiver is the scenario: the node must wait for it, not count it as failed.
                    sleep(new SplittableRandom(mix(id, arrival) + 1).nextLong(100, 400));
                    accept(exchange, id);
                }
                case DROPPED -> {
                    // Closing the exchange before any response header closes the connection: the node sees no answer.
                }
            }
        }
    }

    private Answer decide(String id, int arrival) {
        if (!flapping) {
            return Answer.OK;
        }
        if (inOutage(System.nanoTime() - startNanos)) {
            return Answer.OUTAGE;
        }
        int roll = new SplittableRandom(mix(id, arrival)).nextInt(100);
        if (roll < 70) {
            return Answer.OK;
        } else if (roll < 78) {
            return Answer.SERVICE_UNAVAILABLE;
        } else if (roll < 84) {
            return Answer.SERVER_ERROR;
        } else if (roll < 92) {
            return Answer.STALLED_OK;
        }
        return Answer.DROPPED;
    }

    private boolean inOutage(long sinceStart) {
        for (int i = 0; i + 1 < outages.length; i += 2) {
            if (sinceStart < outages[i]) {
                return false;
            }
            if (sinceStart < outages[i + 1]) {
                return true;
            }
        }
        return false;
    }

    private long mix(String id, int arrival) {
        return seed ^ (id.hashCode() * 0x9E3779B97F4A7C15L) ^ (arrival * 0xBF58476D1CE4E5B9L);
    }

    private void accept(HttpExchange exchange, String id) throws IOException {
        // Recorded before the answer: once the node may see the 200, the test must already know.
        delivered.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        respond(exchange, 200);
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
