package dev.tributary.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * A consumer group draining a bus's backlog over HTTP: a new group from the bus's first position
 * ({@code POST /v1/buses/{bus}/groups}, {@code --ordering none|stream|…}), then {@code --consumers} consumers, each a
 * thread with its own HTTP/1.1 connection, that fetch up to {@code --max} events
 * ({@code POST …/groups/{group}/fetch?consumer=c1&max=100}) and ack the positions they got
 * ({@code POST …/ack {"consumer":"c1","positions":[…]}}), round after round, until every event of the backlog (the
 * bus's {@code firstPosition} to its {@code endPosition} when the group is made) is acked.
 *
 * <p>The figure is the rate of acks after {@code --warmup} seconds from the first fetch, to the last ack; the drain's
 * whole time is printed beside it. Then the check: every position of the backlog acked exactly once (an ack the node
 * accepts twice, or of a position outside the backlog, fails the run, as does one that is never acked before
 * {@code --timeout}), and the group's own {@code stats.checkpoint} at the backlog's end. Redeliveries (fetched events
 * with {@code deliveries > 1}) and lost leases (an ack answered 409) are counted and reported, not failures.
 *
 * <p>Prints {@code RESULT} and records {@code <label>.thrpt} (events/s), {@code .drain_s}, {@code .redeliveries},
 * {@code .fetch.p50|p99} and {@code .ack.p50|p99} (ms). Exits with status 1 when the check fails.
 *
 * <pre>
 * GroupLoad --url http://127.0.0.1:8080 --bus grouped [--group bench] [--ordering none] [--consumers 4] [--max 100]
 *     [--warmup 3] [--timeout 600] [--results results.tsv --run 1 --label group.none]
 * </pre>
 *
 * <p>The consumers' positions belong to their threads; the acked-position bitmap and the counters are shared and
 * lock-free.
 */
public final class GroupLoad {
    private static final Set<String> OPTIONS = Set.of("url", "bus", "group", "ordering", "consumers", "max", "warmup",
            "timeout", "results", "run", "label");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory PARSERS = JSON.getFactory();

    private final URI base;
    private final String groupPath;
    private final Optional<String> auth = Credentials.fromEnvironment();
    private final int max;
    private final long first;
    private final long end;
    private final long deadline;
    private final PositionSet acked;
    private final AtomicLong ackedTotal = new AtomicLong();
    private final AtomicLong ackedInWindow = new AtomicLong();
    private final AtomicLong redeliveries = new AtomicLong();
    private final AtomicLong leasesLost = new AtomicLong();
    private final AtomicLong emptyFetches = new AtomicLong();
    private final LongAccumulator lastAck = new LongAccumulator(Math::max, 0);
    private final LatencyHistogram fetches = new LatencyHistogram();
    private final LatencyHistogram acks = new LatencyHistogram();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private volatile long measureFrom = Long.MAX_VALUE;

    private GroupLoad(URI base, String bus, String group, int max, long first, long end, long deadline) {
        this.base = base;
        this.groupPath = "/v1/buses/" + bus + "/groups/" + group;
        this.max = max;
        this.first = first;
        this.end = end;
        this.deadline = deadline;
        this.acked = new PositionSet(first, end);
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, OPTIONS);
        URI base = URI.create(args.string("url", "http://127.0.0.1:8080"));
        String bus = args.string("bus", "grouped");
        String group = args.string("group", "bench");
        String ordering = args.string("ordering", "none");
        int consumers = (int) args.number("consumers", 4);
        int max = (int) args.number("max", 100);
        double warmup = args.decimal("warmup", 3);
        long timeout = args.number("timeout", 600);
        if (consumers < 1 || max < 1 || warmup < 0 || timeout < 1) {
            throw new IllegalArgumentException("--consumers, --max and --timeout must be positive, --warmup not"
                    + " negative");
        }
        HttpClient setup = client();
        JsonNode described = call(setup, base, "GET", "/v1/buses/" + bus, null, Credentials.fromEnvironment(), 200);
        long first = described.path("firstPosition").asLong(-1);
        long end = described.path("endPosition").asLong(-1);
        if (!described.path("globalOrder").asBoolean(false) || first < 0 || end <= first) {
            throw new IllegalStateException("bus " + bus + " needs a global order and a backlog, was " + described);
        }
        String create = "{\"name\":\"" + group + "\",\"from\":\"earliest\",\"ordering\":\"" + ordering + "\"}";
        call(setup, base, "POST", "/v1/buses/" + bus + "/groups", create, Credentials.fromEnvironment(), 201);
        System.out.printf(Locale.ROOT, "group %s on bus %s: %,d events (positions %d..%d), ordering %s, %d consumers"
                + " × %d per fetch%n", group, bus, end - first, first, end - 1, ordering, consumers, max);

        GroupLoad load = new GroupLoad(base, bus, group, max, first, end,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout));
        long started = System.nanoTime();
        load.measureFrom = started + (long) (warmup * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int c = 1; c <= consumers; c++) {
            String consumer = "c" + c;
            Thread thread = new Thread(() -> load.consume(consumer), "consumer-" + consumer);
            thread.setDaemon(true); // a consumer stuck in a call must not keep the JVM from reporting and exiting
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(Math.max(1, (load.deadline - System.nanoTime()) / 1_000_000 + 60_000));
        }
        JsonNode stats = call(setup, base, "GET", load.groupPath, null, Credentials.fromEnvironment(), 200)
                .path("stats");
        load.report(started, stats, args);
    }

    /** One consumer's loop: fetch, ack what came, until the whole backlog is acked or the deadline passes. */
    private void consume(String consumer) {
        HttpClient http = client(); // its own client: one connection, used by this thread alone
        String fetch = groupPath + "/fetch?consumer=" + consumer + "&max=" + max;
        try {
            while (ackedTotal.get() < end - first && firstFailure.get() == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(consumer + ": the backlog is not drained by the deadline");
                }
                long begin = System.nanoTime();
                HttpResponse<InputStream> answer = send(http, "POST", fetch, null);
                if (answer.statusCode() != 200) {
                    throw failed("fetch", answer);
                }
                long[] positions = positions(answer.body());
                fetches.record(System.nanoTime() - begin);
                if (positions.length == 0) {
                    emptyFetches.incrementAndGet();
                    Thread.sleep(5); // the rest is leased to the others: their acks end the drain
                    continue;
                }
                ack(http, consumer, positions);
            }
        } catch (Throwable e) {
            firstFailure.compareAndSet(null, new IllegalStateException(consumer + ": " + e, e));
        }
    }

    private void ack(HttpClient http, String consumer, long[] positions) throws Exception {
        StringBuilder body = new StringBuilder(positions.length * 8 + 32)
                .append("{\"consumer\":\"").append(consumer).append("\",\"positions\":[");
        for (int i = 0; i < positions.length; i++) {
            body.append(i == 0 ? "" : ",").append(positions[i]);
        }
        body.append("]}");
        long begin = System.nanoTime();
        HttpResponse<InputStream> answer = send(http, "POST", groupPath + "/ack", body.toString());
        byte[] text;
        try (InputStream in = answer.body()) {
            text = in.readAllBytes(); // the group's description: read whole, so that the connection is free again
        }
        long now = System.nanoTime();
        if (answer.statusCode() == 409) {
            leasesLost.incrementAndGet(); // all or nothing: none of them is acked, they come round again
            return;
        }
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("ack answered " + answer.statusCode() + ": "
                    + new String(text, 0, Math.min(500, text.length), StandardCharsets.UTF_8));
        }
        acks.record(now - begin);
        for (long position : positions) {
            if (!acked.add(position)) {
                throw new IllegalStateException(position < first || position >= end
                        ? "position " + position + " is outside the backlog " + first + ".." + (end - 1)
                        : "position " + position + " was acked twice");
            }
        }
        ackedTotal.addAndGet(positions.length);
        lastAck.accumulate(now);
        if (now >= measureFrom) {
            ackedInWindow.addAndGet(positions.length);
        }
    }

    /** The positions of a fetch's answer, counting redeliveries; the envelopes are skipped unread. */
    private long[] positions(InputStream body) throws IOException {
        long[] out = new long[max];
        int n = 0;
        try (JsonParser p = PARSERS.createParser(body)) {
            expect(p, JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (!"events".equals(p.currentName())) {
                    p.nextToken();
                    p.skipChildren();
                    continue;
                }
                expect(p, JsonToken.START_ARRAY);
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        p.nextToken();
                        switch (field) {
                            case "position" -> out[n++] = p.getLongValue();
                            case "deliveries" -> {
                                if (p.getIntValue() > 1) {
                                    redeliveries.incrementAndGet();
                                }
                            }
                            default -> p.skipChildren();
                        }
                    }
                }
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private void report(long started, JsonNode stats, Args args) {
        Throwable failure = firstFailure.get();
        long missing = (end - first) - acked.size();
        long checkpoint = stats.path("checkpoint").asLong(-1);
        double drainSeconds = (lastAck.get() - started) / 1e9;
        double seconds = (lastAck.get() - measureFrom) / 1e9;
        double rate = seconds > 0 ? ackedInWindow.get() / seconds : 0;
        System.out.printf(Locale.ROOT, "RESULT events=%d seconds=%.2f throughput=%.1f drain_s=%.2f acked=%d"
                        + " missing=%d redeliveries=%d leases_lost=%d empty_fetches=%d fetch_p50_ms=%.2f"
                        + " fetch_p99_ms=%.2f ack_p50_ms=%.2f ack_p99_ms=%.2f checkpoint=%d group_redeliveries=%d%n",
                ackedInWindow.get(), seconds, rate, drainSeconds, ackedTotal.get(), missing, redeliveries.get(),
                leasesLost.get(), emptyFetches.get(), millis(fetches, 50), millis(fetches, 99), millis(acks, 50),
                millis(acks, 99), checkpoint, stats.path("redeliveries").asLong(-1));
        List<String> wrong = new ArrayList<>();
        if (failure != null) {
            wrong.add(failure.getMessage());
        }
        if (missing != 0 || ackedTotal.get() != end - first) {
            wrong.add(String.format(Locale.ROOT, "%,d of %,d positions acked (%,d acks)", acked.size(), end - first,
                    ackedTotal.get()));
        }
        if (checkpoint != end) {
            wrong.add("the group's checkpoint is " + checkpoint + ", not the backlog's end " + end);
        }
        if (seconds <= 0) {
            wrong.add("the drain ended inside the warm-up: publish a larger backlog or pass a shorter --warmup");
        }
        if (!wrong.isEmpty()) {
            System.out.println("FAILED: " + String.join("; ", wrong));
            System.exit(1);
        }
        if (args.has("results")) {
            ResultsFile results = new ResultsFile(Path.of(args.string("results", "")), (int) args.number("run", 1));
            String at = args.string("label", "group.none") + ".";
            results.put(at + "thrpt", rate);
            results.put(at + "drain_s", drainSeconds);
            results.put(at + "redeliveries", redeliveries.get());
            results.put(at + "fetch.p50", millis(fetches, 50));
            results.put(at + "fetch.p99", millis(fetches, 99));
            results.put(at + "ack.p50", millis(acks, 50));
            results.put(at + "ack.p99", millis(acks, 99));
        }
    }

    private static double millis(LatencyHistogram h, double percentile) {
        return h.percentileNanos(percentile) / 1e6;
    }

    private HttpResponse<InputStream> send(HttpClient http, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        auth.ifPresent(a -> request.header("authorization", a));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static IllegalStateException failed(String what, HttpResponse<InputStream> answer) throws IOException {
        try (InputStream body = answer.body()) {
            return new IllegalStateException(what + " answered " + answer.statusCode() + ": "
                    + new String(body.readNBytes(500), StandardCharsets.UTF_8));
        }
    }

    /** One call of the setup (the bus, the group, its stats) that must answer {@code status}; its JSON. */
    private static JsonNode call(HttpClient http, URI base, String method, String path, String body,
            Optional<String> auth, int status) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        auth.ifPresent(a -> request.header("authorization", a));
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != status) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static void expect(JsonParser p, JsonToken token) throws IOException {
        if (p.nextToken() != token) {
            throw new IOException("expected " + token + " in a fetch's answer, found " + p.currentToken());
        }
    }

    /** The positions {@code first..end-1} as a bitmap. Thread-safe and lock-free. */
    private static final class PositionSet {
        private final long first;
        private final long end;
        private final AtomicLongArray words;
        private final AtomicLong size = new AtomicLong();

        PositionSet(long first, long end) {
            this.first = first;
            this.end = end;
            this.words = new AtomicLongArray(Math.toIntExact((end - first + 63) / 64));
        }

        /** Adds {@code position}; false when it lies outside the set's range or was added before. */
        boolean add(long position) {
            if (position < first || position >= end) {
                return false;
            }
            long bit = 1L << ((position - first) & 63);
            long before = words.getAndAccumulate((int) ((position - first) >>> 6), bit, (w, b) -> w | b);
            if ((before & bit) != 0) {
                return false;
            }
            size.incrementAndGet();
            return true;
        }

        long size() {
            return size.get();
        }
    }
}
