package dev.tributary.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP load generator for the publish endpoint: {@code --concurrency} requests in flight over a pool of
 * {@code --connections} keep-alive HTTP/1.1 connections (Vert.x 5 client), closed loop by default, or paced at
 * {@code --rate} requests/s (open loop: a request's latency counts from when it was due, so a stall shows up in the
 * percentiles instead of silently slowing the schedule; the schedule restarts when the measurement starts, so a
 * backlog left by the warm-up is not counted). Bounded by {@code --duration} seconds after
 * {@code --warmup} seconds, or by {@code --count} requests. Reports throughput (requests/s and events/s) and
 * p50/p99/max latency of the requests answered 2xx; anything else counts as an error. {@code --timeline true} adds
 * the slowest request of each second.
 *
 * <p>{@code --types K} spreads the events over K types ({@code <type>.t00 … t<K-1>}, round-robin), so that
 * subscriptions filtering on one type each select 1/K of them. {@code --stamp true} puts the publish time (epoch
 * nanoseconds: when the request was due if paced, else when it was sent) into each event's extension
 * {@code benchsent}, which {@link DeliverySink} compares with the time a delivery arrives.
 *
 * <p>Only loopback targets ({@code 127.0.0.1}) are accepted: this tool is for measuring a local node.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.tributary.bench.LoadGenerator \
 *     --url http://127.0.0.1:8080/v1/buses/bench/events --create-bus bench:4 \
 *     --mode binary|structured|batch|github --batch 100 --event-bytes 1024 --data pad|order|github \
 *     [--hook-secret S] --connections 64 \
 *     --warmup 3 --duration 10 [--rate 20000] [--count N] [--types 1] [--stamp false]
 *     [--spread N: the --url path holds {n}, requests go round-robin to n = 0..N-1, e.g. /v1/buses/many-{n}/events]
 *     [--results results.tsv --run 1 --label http.binary.node]
 *     [--cpu-of PID: also report that process's CPU time per event over the measured window, e.g. the node's]
 * </pre>
 */
public final class LoadGenerator {
    private static final Set<String> OPTIONS = Set.of(
            "url", "spread", "create-bus", "mode", "batch", "event-bytes", "data", "hook-secret", "connections", "concurrency", "warmup", "duration",
            "count", "rate", "results", "run", "label", "event-loops", "timeline", "types", "stamp", "cpu-of");

    private final HttpClientAgent client;
    private final String[] paths;
    private final RequestShapes shapes;
    private final int concurrency;
    private final long count;
    private final double rate;
    private final boolean stamp;
    /** Read once: the header is the same for every request. */
    private final Optional<String> authorization = Credentials.fromEnvironment();
    private final AtomicLong tickets = new AtomicLong();
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final AtomicLong measuredRequests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    /** Per second of the measurement: the slowest request that started in it (nanos). */
    private final AtomicLongArray slowestPerSecond = new AtomicLongArray(3600);
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean stopping;
    private long startNanos;
    /** The pacing schedule: ticket {@code n} is due at {@code nanos + (n - ticket) / rate}. */
    private record Schedule(long nanos, long ticket) {}

    private volatile Schedule schedule;
    private final AtomicBoolean rescheduled = new AtomicBoolean();
    private long measureFromNanos;
    private long measureToNanos;
    /** The process whose CPU time the measured window is charged with (--cpu-of), and that time at its ends. */
    private final Optional<Long> cpuOf;
    private long cpuAtStart = -1;
    private long cpuAtEnd = -1;

    private LoadGenerator(HttpClientAgent client, String[] paths, RequestShapes shapes, int concurrency, long count,
            double rate, boolean stamp, Optional<Long> cpuOf) {
        this.cpuOf = cpuOf;
        this.client = client;
        this.paths = paths;
        this.shapes = shapes;
        this.concurrency = concurrency;
        this.count = count;
        this.rate = rate;
        this.stamp = stamp;
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, OPTIONS);
        URI url = URI.create(args.string("url", "http://127.0.0.1:8080/v1/buses/bench/events").replace("{n}", "%7Bn%7D"));
        if (!"127.0.0.1".equals(url.getHost()) || !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("--url must be http://127.0.0.1:<port>/…, was " + url);
        }
        int port = url.getPort() == -1 ? 80 : url.getPort();
        RequestShapes.Mode mode = RequestShapes.Mode.valueOf(args.string("mode", "binary").toUpperCase(Locale.ROOT));
        int connections = (int) args.number("connections", 64);
        int concurrency = (int) args.number("concurrency", connections);
        int loops = (int) args.number("event-loops", Math.max(1, Runtime.getRuntime().availableProcessors()));
        double warmup = args.decimal("warmup", 3);
        double duration = args.decimal("duration", 10);
        long count = args.number("count", -1);
        double rate = args.decimal("rate", 0);
        if (connections < 1 || concurrency < 1 || duration <= 0 || warmup < 0 || rate < 0) {
            throw new IllegalArgumentException("--connections, --concurrency and --duration must be positive, "
                    + "--warmup and --rate not negative");
        }
        int eventBytes = (int) args.number("event-bytes", 1024);
        byte[] data = switch (args.string("data", "pad")) {
            case "pad" -> BenchEvents.jsonData(eventBytes);
            case "order" -> BenchEvents.orderData("gold");
            case "github" -> BenchEvents.githubPush(eventBytes);
            default -> throw new IllegalArgumentException("--data must be pad, order or github");
        };
        RequestShapes shapes = new RequestShapes(mode, (int) args.number("batch", 100), data,
                "lg-" + UUID.randomUUID() + "-", (int) args.number("types", 1), args.string("hook-secret", null));

        Vertx vertx = LoopbackHttp.vertx(new VertxOptions().setEventLoopPoolSize(loops), "LoadGenerator");
        HttpClientAgent client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setDefaultHost(url.getHost())
                        .setDefaultPort(port)
                        .setKeepAlive(true)
                        .setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(connections).setEventLoopSize(loops).setMaxWaitQueueSize(-1));
        try {
            if (args.has("create-bus")) {
                createBus(client, args.string("create-bus", ""));
            }
            LoadGenerator generator = new LoadGenerator(client, paths(url.getRawPath(), (int) args.number("spread", 0)),
                    shapes, concurrency, count, rate,
                    Boolean.parseBoolean(args.string("stamp", "false")),
                    args.has("cpu-of") ? Optional.of((long) args.number("cpu-of", 0)) : Optional.empty());
            generator.run(vertx, warmup, duration);
            generator.report(args);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The request paths: {@code path} alone, or with {@code {n}} replaced by 0..spread-1, used round-robin. */
    private static String[] paths(String path, int spread) {
        if (spread <= 0) {
            return new String[] {path};
        }
        if (!path.contains("%7Bn%7D") && !path.contains("{n}")) {
            throw new IllegalArgumentException("--spread needs {n} in the --url path, was " + path);
        }
        String[] paths = new String[spread];
        for (int n = 0; n < spread; n++) {
            paths[n] = path.replace("%7Bn%7D", Integer.toString(n)).replace("{n}", Integer.toString(n));
        }
        return paths;
    }

    /** {@code name:partitions}; an existing bus is fine (409). */
    private static void createBus(HttpClientAgent client, String spec) throws Exception {
        String[] parts = spec.split(":");
        String body = "{\"name\":\"" + parts[0] + "\",\"partitions\":" + (parts.length > 1 ? parts[1] : "1") + "}";
        int status = client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/buses"))
                .compose(req -> {
                    Credentials.fromEnvironment().ifPresent(auth -> req.putHeader("authorization", auth));
                    return req.putHeader("content-type", "application/json").send(body);
                })
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (status != 201 && status != 409) {
            throw new IllegalStateException("creating bus " + spec + " answered " + status);
        }
    }

    private void run(Vertx vertx, double warmupSeconds, double durationSeconds) throws InterruptedException {
        startNanos = System.nanoTime();
        schedule = new Schedule(startNanos, 0);
        boolean byCount = count > 0;
        measureFromNanos = byCount ? startNanos : startNanos + (long) (warmupSeconds * 1e9);
        measureToNanos = byCount ? Long.MAX_VALUE : measureFromNanos + (long) (durationSeconds * 1e9);
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            // A new context per slot spreads the slots over the event loops; each slot then stays on its loop.
            Context context = vertx.getOrCreateContext();
            context.runOnContext(v -> next(vertx, done));
        }
        if (!byCount) {
            done.await(Math.max(0, (measureFromNanos - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            cpuAtStart = cpuOf.flatMap(LoadGenerator::cpuNanos).orElse(-1L);
            long waitMillis = (measureToNanos - System.nanoTime()) / 1_000_000;
            if (!done.await(Math.max(0, waitMillis), TimeUnit.MILLISECONDS)) {
                stopping = true;
            }
            cpuAtEnd = cpuOf.flatMap(LoadGenerator::cpuNanos).orElse(-1L);
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            System.err.println("warning: requests still in flight 60 s after the end of the run");
        }
        if (byCount) {
            measureToNanos = System.nanoTime();
        }
    }

    private void next(Vertx vertx, CountDownLatch done) {
        long now = System.nanoTime();
        if (stopping || now >= measureToNanos) {
            done.countDown();
            return;
        }
        long ticket = tickets.getAndIncrement();
        if (count > 0 && ticket >= count) {
            done.countDown();
            return;
        }
        if (rate <= 0) {
            send(vertx, done, ticket, now);
            return;
        }
        if (now >= measureFromNanos && measureFromNanos > startNanos && rescheduled.compareAndSet(false, true)) {
            // Whatever backlog the warm-up left (JIT, connecting) is not the measured system's: start the
            // measured schedule afresh. A backlog that builds up during the measurement does count.
            schedule = new Schedule(measureFromNanos, ticket);
        }
        Schedule paced = schedule;
        long due = paced.nanos() + (long) ((ticket - paced.ticket()) * 1e9 / rate);
        long delayMillis = (due - now) / 1_000_000;
        if (delayMillis >= 1) {
            vertx.setTimer(delayMillis, id -> send(vertx, done, ticket, due));
        } else {
            send(vertx, done, ticket, due);
        }
    }

    private void send(Vertx vertx, CountDownLatch done, long ticket, long dueNanos) {
        RequestShapes.Request request =
                shapes.request(ticket * shapes.eventsPerRequest(), stamp ? stamp(dueNanos) : null);
        authorization.ifPresent(auth -> request.headers().add("authorization", auth));
        // A paced request counts from when it was due, so that a late send (the system under test held every slot)
        // adds to its latency; one sent early (timers have millisecond resolution) counts from when it was sent.
        long begin = rate > 0 ? Math.min(dueNanos, System.nanoTime()) : System.nanoTime();
        Future<Integer> status = client.request(new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setURI(paths[(int) (ticket % paths.length)])
                        .setHeaders(request.headers()))
                .compose(req -> req.send(request.body()))
                .compose(resp -> resp.body().map(body -> check(resp.statusCode(), body)));
        status.onComplete(ar -> {
            long end = System.nanoTime();
            if (ar.failed()) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, String.valueOf(ar.cause()));
            } else if (begin >= measureFromNanos && end <= measureToNanos) {
                histogram.record(end - begin);
                measuredRequests.incrementAndGet();
                int second = (int) Math.min(slowestPerSecond.length() - 1, (begin - measureFromNanos) / 1_000_000_000L);
                slowestPerSecond.accumulateAndGet(second, end - begin, Math::max);
            }
            next(vertx, done);
        });
    }

    /** The publish stamp: now in epoch nanoseconds, moved back to when the request was due if it is late. */
    private String stamp(long dueNanos) {
        long now = System.nanoTime();
        long late = rate > 0 ? Math.max(0, now - dueNanos) : 0;
        Instant wall = Instant.now();
        return Long.toString(wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - late);
    }

    /** A process's CPU time so far (user and system), if the system tells. */
    private static Optional<Long> cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos);
    }

    private static int check(int status, Buffer body) {
        if (status / 100 != 2) {
            String text = body.toString();
            throw new IllegalStateException("HTTP " + status + ": " + text.substring(0, Math.min(300, text.length())));
        }
        return status;
    }

    private void report(Args args) {
        double seconds = (measureToNanos - measureFromNanos) / 1e9;
        long requests = measuredRequests.get();
        double rps = requests / seconds;
        double eventsPerSecond = rps * shapes.eventsPerRequest();
        double p50 = histogram.percentileNanos(50) / 1e6;
        double p99 = histogram.percentileNanos(99) / 1e6;
        double max = histogram.maxNanos() / 1e6;
        System.out.printf(Locale.ROOT,
                "RESULT requests=%d seconds=%.2f rps=%.1f throughput=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d%n",
                requests, seconds, rps, eventsPerSecond, p50, p99, max, errors.get());
        if (Boolean.parseBoolean(args.string("timeline", "false"))) {
            for (int i = 0; i < Math.min(slowestPerSecond.length(), (int) Math.ceil(seconds)); i++) {
                System.out.printf(Locale.ROOT, "second %d: slowest %.3f ms%n", i, slowestPerSecond.get(i) / 1e6);
            }
        }
        if (firstError.get() != null) {
            System.out.println("first error: " + firstError.get());
        }
        double cpuMicrosPerEvent = cpuAtStart < 0 || cpuAtEnd < 0 || requests == 0 ? -1
                : (cpuAtEnd - cpuAtStart) / 1e3 / (requests * (double) shapes.eventsPerRequest());
        if (cpuMicrosPerEvent >= 0) {
            System.out.printf(Locale.ROOT, "RESULT node_cpu_us_per_event=%.2f%n", cpuMicrosPerEvent);
        }
        if (args.has("results")) {
            ResultsFile results = new ResultsFile(Path.of(args.string("results", "")), (int) args.number("run", 1));
            String label = args.string("label", "http");
            results.put(label + ".thrpt", eventsPerSecond);
            results.put(label + ".rps", rps);
            results.put(label + ".p50", p50);
            results.put(label + ".p99", p99);
            results.put(label + ".max", max);
            results.put(label + ".errors", errors.get());
            if (cpuMicrosPerEvent >= 0) {
                results.put(label + ".cpu_us", cpuMicrosPerEvent);
            }
        }
    }
}
