package dev.tributary.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiving end of the delivery figures: a no-op HTTP sink deployed like {@link NoopServer} (Vert.x 5, one
 * server verticle per core sharing the port, native transport) that reads each POST's body and answers 200 with an
 * empty body, and notes when each delivery arrived and, if it carries the load generator's publish stamp (header
 * {@code ce-benchsent}: binary mode, see {@link RequestShapes#STAMP}), how long after its publication. The load
 * generator and this sink run on the same machine and read the same wall clock.
 *
 * <p>Measurements are taken by {@link DeliveryWindow}s, one at a time, armed over HTTP by the bench script:
 *
 * <pre>
 * POST /bench/measure?label=L[&amp;warmup=S][&amp;duration=S][&amp;expect=N][&amp;from=first|now][&amp;timeout=S]
 *                            opens a window: 200 "armed L" at once; 409 while another window is open
 * GET  /bench/result         waits for the window armed last to end, then answers 200, text/plain, its RESULT
 *                            line (also printed, and appended to --results); 404 if none was armed
 * GET  /bench/stats          answers "received N": deliveries since the start
 * GET  /health/ready         200
 * POST anything else         a delivery: 200, empty body
 * </pre>
 *
 * <p>Defaults: warm-up 0 s, duration 3600 s, expect 0 (end by duration), from {@code first} (the clock starts at
 * the first delivery after arming), timeout 600 s. Prints {@code DeliverySink listening on http://127.0.0.1:<port>}
 * once listening; stops on SIGTERM.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.tributary.bench.DeliverySink [--port 0] [--instances N] \
 *     [--results results.tsv --run 1]
 * </pre>
 */
public final class DeliverySink extends AbstractVerticle {
    private static final String STAMP_HEADER = "ce-" + RequestShapes.STAMP;
    private static final long POLL_MILLIS = 10;

    /** State shared by the verticles of one process. */
    private record Shared(LongAdder received, AtomicReference<Armed> armed,
            AtomicReference<CompletableFuture<DeliveryWindow.Report>> latest, ResultsFile results) {}

    /** The open measurement and whoever waits for its report. */
    private record Armed(DeliveryWindow window, CompletableFuture<DeliveryWindow.Report> report) {}

    private final int port;
    private final Shared shared;

    private DeliverySink(int port, Shared shared) {
        this.port = port;
        this.shared = shared;
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("port", "instances", "results", "run"));
        int instances = (int) args.number("instances", Runtime.getRuntime().availableProcessors());
        ResultsFile results = args.has("results")
                ? new ResultsFile(Path.of(args.string("results", "")), (int) args.number("run", 1))
                : null;
        Shared shared = new Shared(new LongAdder(), new AtomicReference<>(), new AtomicReference<>(), results);
        Vertx vertx = LoopbackHttp.serve("DeliverySink", (int) args.number("port", 0), instances,
                port -> new DeliverySink(port, shared));
        vertx.setPeriodic(POLL_MILLIS, id -> poll(shared));
    }

    @Override
    public void start(Promise<Void> started) {
        LoopbackHttp.listen(vertx, port, this::handle, started);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (request.method() == HttpMethod.POST && !path.startsWith("/bench/")) {
            deliver(request);
        } else if (request.method() == HttpMethod.POST && "/bench/measure".equals(path)) {
            measure(request);
        } else if (request.method() == HttpMethod.GET && "/bench/result".equals(path)) {
            result(request);
        } else if (request.method() == HttpMethod.GET && "/bench/stats".equals(path)) {
            request.response()
                    .putHeader("content-type", "text/plain")
                    .end("received " + shared.received().sum() + "\n");
        } else if (request.method() == HttpMethod.GET && "/health/ready".equals(path)) {
            request.response().end();
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private void deliver(HttpServerRequest request) {
        long arrived = System.nanoTime();
        long latency = Long.MIN_VALUE;
        String stamp = request.getHeader(STAMP_HEADER);
        if (stamp != null) {
            try {
                long sent = Long.parseLong(stamp);
                Instant now = Instant.now();
                latency = now.getEpochSecond() * 1_000_000_000L + now.getNano() - sent;
            } catch (NumberFormatException e) {
                // not a stamp of ours: the delivery counts, its latency cannot
            }
        }
        shared.received().increment();
        Armed armed = shared.armed().get();
        if (armed != null) {
            armed.window().record(arrived, latency);
        }
        request.body().onComplete(body -> request.response().end());
    }

    private void measure(HttpServerRequest request) {
        DeliveryWindow window;
        try {
            window = new DeliveryWindow(
                    request.getParam("label", "delivery"),
                    System.nanoTime(),
                    seconds(request, "warmup", 0),
                    seconds(request, "duration", 3600),
                    Long.parseLong(request.getParam("expect", "0")),
                    seconds(request, "timeout", 600),
                    DeliveryWindow.From.valueOf(request.getParam("from", "first").toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            request.response().setStatusCode(400).end(e.getMessage() + "\n");
            return;
        }
        Armed armed = new Armed(window, new CompletableFuture<>());
        if (!shared.armed().compareAndSet(null, armed)) {
            request.response().setStatusCode(409).end("another measurement is under way\n");
            return;
        }
        shared.latest().set(armed.report());
        request.response().putHeader("content-type", "text/plain").end("armed " + armed.window().label() + "\n");
    }

    private void result(HttpServerRequest request) {
        CompletableFuture<DeliveryWindow.Report> latest = shared.latest().get();
        if (latest == null) {
            request.response().setStatusCode(404).end("no measurement was armed\n");
            return;
        }
        Context context = vertx.getOrCreateContext();
        latest.thenAccept(report -> context.runOnContext(v -> request.response()
                .putHeader("content-type", "text/plain")
                .end(report.line() + "\n")));
    }

    /**
     * Ends the open window when it is over: closes it (so the next may be armed), prints and stores its report, then
     * answers whoever waits in {@code GET /bench/result}.
     */
    private static void poll(Shared shared) {
        Armed armed = shared.armed().get();
        DeliveryWindow.Report report = armed == null ? null : armed.window().poll(System.nanoTime());
        if (report == null) {
            return;
        }
        shared.armed().set(null);
        System.out.println(report.line());
        System.out.flush();
        if (shared.results() != null) {
            String label = report.label();
            put(shared.results(), label + ".thrpt", report.throughput());
            put(shared.results(), label + ".received", report.received());
            put(shared.results(), label + ".drain_s", report.drainSeconds());
            put(shared.results(), label + ".p50", report.p50Millis());
            put(shared.results(), label + ".p99", report.p99Millis());
            put(shared.results(), label + ".max", report.maxMillis());
        }
        armed.report().complete(report);
    }

    private static void put(ResultsFile results, String metric, double value) {
        if (!Double.isNaN(value)) {
            results.put(metric, value);
        }
    }

    private static long seconds(HttpServerRequest request, String name, double fallback) {
        String text = request.getParam(name);
        double value = text == null ? fallback : Double.parseDouble(text);
        return (long) (value * TimeUnit.SECONDS.toNanos(1));
    }
}
