package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with a small heap ({@value #HEAP}) delivers to a sink that answers 503 to everything while 1,000,000 events
 * (about 200 bytes each) are published to its bus: the backlog must wait in the log, not in memory. The node must stay
 * up and ready, its live heap (measured after a full GC forced with {@code jcmd GC.run}) must stay small, the circuit
 * breaker must keep the dead sink from being hammered, and the subscription's lag must be the whole backlog. Then the
 * sink comes back (200) and deliveries must resume: the first {@value #RESUMED} events reach it and the committed
 * positions advance as far.
 *
 * <p>The node runs at its defaults (but for {@code --allow-private-sinks}), so its dedup window (default 2 minutes)
 * holds every event published within it in heap; {@code -Dit.backlog.dedupWindow=PT0S} (or any duration) sets the
 * window, to look at the delivery side alone. Prints the publish time, the heap figures and the time to the first
 * {@value #RESUMED} deliveries, and writes them to {@code target/it-logs/delivery-backlog-summary.txt}.
 */
class DeliveryBacklogTest {
    /** Small enough that 1,000,000 events of ~200 bytes (200 MB of JSON) could not be held in it. */
    private static final String HEAP = "-Xmx64m";
    private static final String BUS = "backlog";
    private static final String SUBSCRIPTION = "down-sink";
    private static final String SINK_PATH = "/hook";
    private static final int PARTITIONS = 2;
    private static final int EVENTS = 1_000_000;
    private static final int BATCH = 1_000;
    private static final int PUBLISHERS = 4;
    private static final int RESUMED = 10_000;
    private static final int MAX_IN_FLIGHT = 16;
    private static final int BREAKER_FAILURES = 5;
    private static final Duration PROBE = Duration.ofMillis(500);
    /**
     * How much the live heap may grow with the whole backlog waiting: a fixed bound, not a per-event cost. The only
     * ingest-side structure that fills with recent events is the dedup window, capped at 65,536 entries per partition
     * (~7 MiB each with its map's spare slots; 2 partitions here), plus the active segments' sparse indexes and
     * metrics: 32 MiB is under 34 bytes per waiting event, and a per-event cost would be ~100 MB (it was, and the
     * node died of OutOfMemoryError, before the dedup window was capped).
     */
    private static final long LIVE_HEAP_GROWTH = 32L << 20;

    @TempDir
    Path data;

    private NodeProcess node;
    private final AtomicLong acknowledged = new AtomicLong();

    @AfterEach
    void killLeftovers() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aMillionEventsForADownSinkWaitOnDiskNotInHeapAndDeliveryResumesWhenTheSinkIsBack() throws Exception {
        try (CountingSink sink = CountingSink.answering(503)) {
            node = NodeProcess.start(data, "delivery-backlog", List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"),
                    nodeArgs());
            Http.Answer bus = Http.post(node.uri("/v1/buses"), "application/json",
                    "{\"name\":\"" + BUS + "\",\"partitions\":" + PARTITIONS + "}");
            assertThat(bus.status()).as(bus.text()).isEqualTo(201);
            Http.Answer subscription = Http.post(node.uri("/v1/subscriptions"), "application/json",
                    subscription(sink).toString());
            assertThat(subscription.status()).as(subscription.text()).isEqualTo(201);
            long downSince = System.nanoTime();
            long liveBefore = NodeProbe.liveHeap(node);

            HeapWatch watch = new HeapWatch();
            long began = System.nanoTime();
            int eventBytes;
            try {
                eventBytes = publishAll();
            } catch (ExecutionException e) {
                report(String.format("DeliveryBacklogTest (%s, dedup window %s): publishing failed after %d events"
                                + " were acknowledged in %.1f s; at most %.1f MiB of heap used (%d samples): %s", HEAP,
                        System.getProperty("it.backlog.dedupWindow", "default"), acknowledged.get(),
                        (System.nanoTime() - began) / 1e9, watch.max() / 1048576.0, watch.samples(), e.getCause()),
                        false);
                // A node that ran out of memory is the finding; the client's error is only its echo.
                assertNodeHealthy("while publishing, after " + acknowledged.get() + " events were acknowledged");
                throw e;
            } finally {
                watch.close();
            }
            double publishSeconds = (System.nanoTime() - began) / 1e9;

            assertNodeHealthy("after publishing " + EVENTS + " events");
            assertThat(endOffsets().values().stream().mapToLong(Long::longValue).sum())
                    .as("events in the bus").isEqualTo(EVENTS);
            // The committer reports the lag every 100 ms: wait for a report that saw the whole backlog.
            await("lag reported for the whole backlog")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> metric("tributary_delivery_lag_events", SUBSCRIPTION) >= EVENTS - sink.requests());
            long lag = (long) metric("tributary_delivery_lag_events", SUBSCRIPTION);
            long committedWhileDown = sum(positions());
            long requestsWhileDown = sink.requests();
            double circuit = metric("tributary_delivery_circuit", SUBSCRIPTION);
            int retries = Http.get(node.uri("/v1/subscriptions/" + SUBSCRIPTION + "/retries?limit=1000")).json()
                    .path("retries").size();
            double downSeconds = (System.nanoTime() - downSince) / 1e9;
            long liveWithBacklog = NodeProbe.liveHeap(node);
            int threads = NodeProbe.osThreads(node);
            // Closed, the breaker lets through max in-flight attempts until the failures in a row open it; open, one
            // probe per probe delay. Twice that, and a margin, is still far from hammering.
            long allowed = MAX_IN_FLIGHT + BREAKER_FAILURES + 2 * (long) (downSeconds * 1000 / PROBE.toMillis()) + 20;
            report(String.format(
                    "DeliveryBacklogTest (%s, dedup window %s): published %d events of ~%d bytes in %.1f s (%.0f"
                            + " events/s) from %d clients, batches of %d%n"
                            + "  heap: live %.1f MiB before, %.1f MiB with the backlog waiting (after jcmd GC.run);"
                            + " at most %.1f MiB used while publishing (%d samples)%n"
                            + "  sink down for %.1f s: %d requests (%d allowed), %d retries scheduled, lag %d,"
                            + " %d committed, circuit %.0f, %d OS threads",
                    HEAP, System.getProperty("it.backlog.dedupWindow", "default"), EVENTS, eventBytes, publishSeconds,
                    EVENTS / publishSeconds, PUBLISHERS, BATCH, liveBefore / 1048576.0, liveWithBacklog / 1048576.0,
                    watch.max() / 1048576.0, watch.samples(), downSeconds, requestsWhileDown, allowed, retries, lag,
                    committedWhileDown, circuit, threads), false);

            assertThat(sink.accepted()).as("events accepted by the sink while it was down").isZero();
            // Each fresh event that was attempted is done once its retry is durably scheduled: only those are
            // committed, so the lag is the backlog less (at most) the attempted ones.
            assertThat(lag).as("lag while the sink is down").isBetween(EVENTS - requestsWhileDown, (long) EVENTS);
            assertThat(committedWhileDown).as("committed events while the sink is down")
                    .isLessThanOrEqualTo(requestsWhileDown);
            assertThat(requestsWhileDown).as("requests the down sink got in %.1f s", downSeconds)
                    .isPositive()
                    .isLessThan(allowed);
            assertThat(circuit).as("circuit state while the sink is down (1 half-open, 2 open)").isIn(1.0, 2.0);
            assertThat((long) retries).as("scheduled retries").isPositive().isLessThanOrEqualTo(requestsWhileDown);
            assertThat(NodeProbe.metric(node, "tributary_dead_letters_total", "")).as("dead letters").isZero();
            assertThat(liveWithBacklog - liveBefore)
                    .as("live heap growth after a full GC with %d events waiting (%d → %d bytes)", EVENTS, liveBefore,
                            liveWithBacklog)
                    .isLessThan(LIVE_HEAP_GROWTH);

            long upAt = System.nanoTime();
            sink.answer(200);
            await("the first " + RESUMED + " events delivered after the sink came back")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> sink.distinct(SINK_PATH) >= RESUMED);
            double firstDeliveries = (System.nanoTime() - upAt) / 1e9;
            double firstDelivery = (sink.firstAcceptedAt() - upAt) / 1e9;
            await("committed positions advanced by " + RESUMED)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> sum(positions()) >= committedWhileDown + RESUMED);
            double firstCommits = (System.nanoTime() - upAt) / 1e9;
            assertNodeHealthy("after delivery resumed");
            assertThat(metric("tributary_delivery_circuit", SUBSCRIPTION)).as("circuit state after recovery")
                    .isZero();

            report(String.format("  sink up: first event delivered after %.2f s, the first %d after %.2f s,"
                            + " committed positions +%d after %.2f s", firstDelivery, RESUMED, firstDeliveries,
                    RESUMED, firstCommits), true);

            int exit = node.stop();
            assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** Prints {@code lines} and writes them to the summary file (appending, or starting it afresh). */
    private static void report(String lines, boolean append) throws Exception {
        System.out.println(lines);
        Files.createDirectories(NodeProcess.LOGS);
        Path summary = NodeProcess.LOGS.resolve("delivery-backlog-summary.txt");
        if (append) {
            Files.writeString(summary, lines + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } else {
            Files.writeString(summary, lines + "\n", StandardCharsets.UTF_8);
        }
    }

    /**
     * The node runs at its defaults but for {@code --allow-private-sinks}; {@code -Dit.backlog.dedupWindow=PT0S} (for
     * example) sets its dedup window, whose memory grows with the events accepted within it.
     */
    private static String[] nodeArgs() {
        String window = System.getProperty("it.backlog.dedupWindow");
        return window == null
                ? new String[] {"--allow-private-sinks"}
                : new String[] {"--allow-private-sinks", "--dedup-window", window};
    }

    private ObjectNode subscription(CountingSink sink) {
        ObjectNode s = Http.JSON.createObjectNode();
        s.put("id", SUBSCRIPTION);
        s.put("bus", BUS);
        s.put("sink", sink.uri(SINK_PATH).toString());
        s.put("startAt", "earliest");
        ObjectNode delivery = s.putObject("delivery");
        delivery.putObject("backoff").put("kind", "fixed").put("delay", "PT1S");
        // Nothing may be dead-lettered however long the sink is down in this test.
        delivery.putObject("limits").put("maxAttempts", 10_000);
        delivery.put("timeout", "PT2S");
        delivery.put("maxInFlight", MAX_IN_FLIGHT);
        ObjectNode breaker = delivery.putObject("circuitBreaker");
        breaker.put("failures", BREAKER_FAILURES);
        // Open at the fifth failure in a row however fast they come, so that the down sink's requests stay few and
        // countable (the default also waits for the failures to span failingFor, 5 s of a full-speed backlog).
        breaker.put("failingFor", "PT0S");
        breaker.putObject("probe").put("kind", "fixed").put("delay", PROBE.toString());
        return s;
    }

    /**
     * Publishes {@link #EVENTS} events in batches of {@link #BATCH} from {@link #PUBLISHERS} clients; returns the size
     * of one event.
     */
    private int publishAll() throws Exception {
        int batches = EVENTS / BATCH;
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(PUBLISHERS);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int c = 0; c < PUBLISHERS; c++) {
                tasks.add(() -> {
                    for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                        publishBatch(b);
                    }
                    return null;
                });
            }
            for (Future<Void> f : clients.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        return event(0).length();
    }

    private void publishBatch(int b) throws Exception {
        StringBuilder body = new StringBuilder(BATCH * 220).append('[');
        for (int i = 0; i < BATCH; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(event(b * BATCH + i));
        }
        body.append(']');
        Http.Answer answer = Http.post(node.uri("/v1/buses/" + BUS + "/events"), "application/cloudevents-batch+json",
                body.toString());
        assertThat(answer.status()).as("batch %d: %s", b, answer.text()).isEqualTo(200);
        assertThat(answer.json().path("results").size()).as("results of batch %d", b).isEqualTo(BATCH);
        acknowledged.addAndGet(BATCH);
    }

    /** A structured event of about 200 bytes. */
    private static String event(int n) {
        return "{\"specversion\":\"1.0\",\"id\":\"e-" + n + "\",\"source\":\"/it/backlog\",\"type\":\"it.backlog\","
                + "\"subject\":\"s-" + (n % 97) + "\",\"datacontenttype\":\"application/json\",\"data\":{\"n\":" + n
                + ",\"pad\":\"" + "x".repeat(40) + "\"}}";
    }

    private void assertNodeHealthy(String when) throws Exception {
        int ready = Http.status(node.uri("/health/ready"));
        Optional<ProcessHandle> process = ProcessHandle.of(node.pid());
        if (ready != 200 && process.isPresent()) {
            // A node that is dying writes its last words first: let it finish before reading them.
            try {
                process.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException stillRunning) {
                // then it is alive, and the assertions below say what is wrong
            }
        }
        boolean alive = process.map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
            // Its stdout reaches the log file through a pump thread, which may still be copying the last lines.
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> nodeOutput().contains("OutOfMemoryError"));
            } catch (ConditionTimeoutException otherCause) {
                // then it died of something else, which the assertions below report
            }
        }
        assertThat(nodeOutput()).as("node output (target/it-logs/delivery-backlog.*) " + when)
                .doesNotContain("OutOfMemoryError");
        assertThat(alive).as("node process alive " + when).isTrue();
        assertThat(ready).as("/health/ready " + when).isEqualTo(200);
    }

    /** What the node wrote to stdout and stderr (HotSpot reports {@code -XX:+ExitOnOutOfMemoryError} on stdout). */
    private static String nodeOutput() throws Exception {
        StringBuilder output = new StringBuilder();
        for (String file : List.of("delivery-backlog.out", "delivery-backlog.err")) {
            Path log = NodeProcess.LOGS.resolve(file);
            if (Files.exists(log)) {
                output.append(Files.readString(log));
            }
        }
        return output.toString();
    }

    /** The node's heap in use after a full GC ({@code jcmd <pid> GC.run}): what it really holds on to. */
    /** Samples the node's heap in use every 250 ms until closed, keeping the largest value. */
    private final class HeapWatch implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong max = new AtomicLong();
        private final AtomicInteger samples = new AtomicInteger();

        HeapWatch() {
            timer.scheduleAtFixedRate(() -> {
                try {
                    long used = NodeProbe.heapUsed(node);
                    max.accumulateAndGet(used, Math::max);
                    samples.incrementAndGet();
                } catch (Exception e) {
                    // a missed sample is not a result; the node's health is checked afterwards
                }
            }, 0, 250, TimeUnit.MILLISECONDS);
        }

        long max() {
            return max.get();
        }

        int samples() {
            return samples.get();
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdownNow();
            timer.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** A gauge or counter of one subscription from {@code /metrics}; 0 when absent. */
    private double metric(String name, String subscription) throws Exception {
        return NodeProbe.metric(node, name, "subscription=\"" + subscription + "\"");
    }

    private Map<Integer, Long> positions() throws Exception {
        return Offsets.committed(node, SUBSCRIPTION);
    }

    private Map<Integer, Long> endOffsets() throws Exception {
        return Offsets.ends(node, BUS);
    }

    private static long sum(Map<Integer, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
