package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a node with {@code kill -9} at random moments while two clients publish events of types {@code even} and
 * {@code odd} and a subscription to {@code even} delivers to a {@link FlappingSink} (errors, stalls, dropped
 * connections, outages), restarts it on the same data directory each time, then lets the sink recover and checks the
 * promise of at-least-once delivery: every acknowledged {@code even} event reached the sink at least once, no
 * {@code odd} one ever did, nothing was dead-lettered, and the subscription's committed positions reached the end of
 * every partition. Duplicate deliveries are expected and reported, not failed on.
 *
 * <p>10 kill/restart cycles when {@code CI=true}, else 3 ({@code -Dit.delivery.cycles=N} overrides). The seed of the
 * kill delays, the clients and the sink is printed ({@code -Dit.delivery.seed=N} replays the same choices; timing
 * still varies).
 */
class DeliveryCrashTest {
    private static final String BUS = "deliveries";
    private static final String SUBSCRIPTION = "flapping-sink";
    private static final int PARTITIONS = 2;
    private static final Duration DRAIN = Duration.ofSeconds(120);

    @TempDir
    Path data;

    private NodeProcess node;

    @AfterEach
    void killLeftovers() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void deliversEveryMatchingEventAtLeastOnceThroughRepeatedKillNineAndAFlappingSink() throws Exception {
        long seed = Long.getLong("it.delivery.seed", System.nanoTime());
        int cycles = Integer.getInteger("it.delivery.cycles", "true".equals(System.getenv("CI")) ? 10 : 3);
        System.out.println("DeliveryCrashTest seed " + seed + ", " + cycles + " kill -9 cycles");
        Random random = new Random(seed);
        Ledger ledger = new Ledger();
        LiveNode live = new LiveNode();
        long began = System.nanoTime();

        try (FlappingSink sink = FlappingSink.start(seed)) {
            node = start("delivery-0");
            Http.Answer bus = Http.post(node.uri("/v1/buses"), "application/json",
                    "{\"name\":\"" + BUS + "\",\"partitions\":" + PARTITIONS + "}");
            assertThat(bus.status()).as(bus.text()).isEqualTo(201);
            Http.Answer subscription = Http.post(node.uri("/v1/subscriptions"), "application/json",
                    subscription(sink).toString());
            assertThat(subscription.status()).as(subscription.text()).isEqualTo(201);
            live.up(node.base());

            List<Producer> producers = List.of(
                    new TypedPublisher(live, ledger, seed + 1, true), new TypedPublisher(live, ledger, seed + 2, false));
            List<Thread> threads = new ArrayList<>();
            for (Producer p : producers) {
                Thread t = new Thread(p, "producer-" + threads.size());
                t.start();
                threads.add(t);
            }
            try {
                for (int cycle = 1; cycle <= cycles; cycle++) {
                    // The kill lands at a random moment of publishing and delivering: this delay is the scenario,
                    // not a wait for a result.
                    Thread.sleep(random.nextLong(300, 1500));
                    String name = "delivery-" + cycle;
                    node = live.killAndRestart(node, () -> start(name));
                }
            } finally {
                producers.forEach(Producer::stop);
                // Closed first, so that a producer waiting for a node that failed to start gives up at once.
                live.close();
                for (Thread t : threads) {
                    t.join(120_000);
                }
            }
            for (Producer p : producers) {
                assertThat(p.died()).as(p.getClass().getSimpleName() + " died").isNull();
            }
            assertThat(ledger.violations()).as("publishing problems (seed " + seed + ")").isEmpty();

            Map<String, Ledger.Acked> matching = new TreeMap<>();
            for (Ledger.Acked acked : ledger.ackedEvents().values()) {
                if (FlappingSink.MATCHING_TYPE.equals(acked.event().path("type").asText())) {
                    matching.put(acked.event().path("id").asText(), acked);
                }
            }
            sink.calm();
            long calmed = System.nanoTime();
            awaitQuietly("every acknowledged even event delivered",
                    () -> matching.keySet().stream().allMatch(sink.delivered()::containsKey));
            List<String> undelivered = matching.values().stream()
                    .filter(a -> !sink.delivered().containsKey(a.event().path("id").asText()))
                    .map(a -> a.key() + " at " + a.partition() + "/" + a.offset())
                    .toList();
            assertThat(undelivered)
                    .as("acknowledged even events never delivered within %s of the sink's recovery (seed %d; %s)",
                            DRAIN, seed, nodeState())
                    .isEmpty();
            double drained = (System.nanoTime() - calmed) / 1e9;

            awaitQuietly("committed positions at the partitions' ends", () -> positions().equals(endOffsets()));
            assertThat(positions()).as("committed positions (seed %d; %s)", seed, nodeState())
                    .isEqualTo(endOffsets());

            Set<String> sentEven = ledger.sentEvents().values().stream()
                    .filter(e -> FlappingSink.MATCHING_TYPE.equals(e.path("type").asText()))
                    .map(e -> e.path("id").asText())
                    .collect(Collectors.toSet());
            List<String> strays = sink.delivered().keySet().stream().filter(id -> !sentEven.contains(id)).toList();
            assertThat(sink.unexpected()).as("requests that carried no even event").isEmpty();
            assertThat(strays).as("delivered ids that no client sent as an even event").isEmpty();
            assertThat(deadLetters()).as("dead letters (seed " + seed + ")").isEmpty();
            long failures = sink.answered(FlappingSink.Answer.SERVICE_UNAVAILABLE)
                    + sink.answered(FlappingSink.Answer.SERVER_ERROR) + sink.answered(FlappingSink.Answer.DROPPED)
                    + sink.answered(FlappingSink.Answer.OUTAGE);
            assertThat(failures).as("failed attempts the sink caused").isPositive();

            report(seed, cycles, ledger, matching, sink, began, drained);
            assertThat(matching).as("acknowledged even events").isNotEmpty();

            int exit = node.stop();
            assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    private NodeProcess start(String name) throws Exception {
        return NodeProcess.start(data, name, "--allow-private-sinks");
    }

    private static ObjectNode subscription(FlappingSink sink) {
        ObjectNode s = Http.JSON.createObjectNode();
        s.put("id", SUBSCRIPTION);
        s.put("bus", BUS);
        s.putArray("types").add(FlappingSink.MATCHING_TYPE);
        s.put("sink", sink.uri().toString());
        s.put("startAt", "earliest");
        ObjectNode delivery = s.putObject("delivery");
        delivery.putObject("backoff").put("kind", "fixed").put("delay", "PT0.2S");
        // Enough attempts that a healthy node dead-letters nothing, however long the sink flaps.
        delivery.putObject("limits").put("maxAttempts", 1000);
        delivery.put("timeout", "PT2S");
        delivery.put("maxInFlight", 16);
        ObjectNode breaker = delivery.putObject("circuitBreaker");
        breaker.put("failures", 10);
        breaker.putObject("probe").put("kind", "fixed").put("delay", "PT0.2S");
        return s;
    }

    /** Waits up to {@link #DRAIN} for {@code condition}; the assertion after it says what is still wrong. */
    private static void awaitQuietly(String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(DRAIN).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            // the assertion that follows reports the details
        }
    }

    /** What the node says about the subscription, for failure messages; never throws. */
    private String nodeState() {
        try {
            JsonNode s = Http.get(node.uri("/v1/subscriptions/" + SUBSCRIPTION)).json();
            return "subscription " + s.path("state").asText() + " " + s.path("pausedReason").asText("")
                    + ", committed positions " + positions() + ", partitions end at " + endOffsets()
                    + ", node logs in " + NodeProcess.LOGS + "/delivery-*.err";
        } catch (Exception e) {
            return "the node did not answer: " + e;
        }
    }

    private Map<Integer, Long> positions() throws Exception {
        return Offsets.committed(node, SUBSCRIPTION);
    }

    private Map<Integer, Long> endOffsets() throws Exception {
        return Offsets.ends(node, BUS);
    }

    /** The subscription's dead letters, as the API lists them (its dead-letter bus exists only once one was sent). */
    private List<String> deadLetters() throws Exception {
        Http.Answer answer = Http.get(node.uri("/v1/subscriptions/" + SUBSCRIPTION + "/dead-letters?limit=1000"));
        assertThat(answer.status()).as("dead letters: " + answer.text()).isEqualTo(200);
        List<String> letters = new ArrayList<>();
        for (JsonNode letter : answer.json().path("deadLetters")) {
            JsonNode e = letter.path("event");
            letters.add(e.path("id").asText() + ": " + e.path("deadletterreason").asText() + " after "
                    + e.path("deadletterattempts").asText() + " attempts, status "
                    + e.path("deadletterstatus").asText() + ", " + e.path("deadlettererror").asText());
        }
        return letters;
    }

    /** Prints the summary line (and details) and keeps them in {@code target/it-logs/delivery-summary.txt}. */
    private static void report(long seed, int cycles, Ledger ledger, Map<String, Ledger.Acked> matching,
            FlappingSink sink, long began, double drained) throws IOException {
        long duplicates = sink.duplicates();
        String summary = String.format(
                "DeliveryCrashTest seed %d: %d cycles, %d acknowledged, %d matching, %d duplicate deliveries (%.1f %%)",
                seed, cycles, ledger.ackedEvents().size(), matching.size(), duplicates,
                matching.isEmpty() ? 0.0 : 100.0 * duplicates / matching.size());
        String details = String.format(
                "  in %.1f s (%.1f s to deliver the rest once the sink recovered); events by times delivered %s;"
                        + " sink answered %s; %d publish requests (%d without a usable answer and retried)",
                (System.nanoTime() - began) / 1e9, drained, timesDelivered(sink), answers(sink),
                ledger.requests.get(), ledger.failedRequests.get());
        System.out.println(summary);
        System.out.println(details);
        Files.createDirectories(NodeProcess.LOGS);
        String mostDelivered = sink.delivered().entrySet().stream()
                .filter(e -> e.getValue().get() > 2)
                .sorted(Comparator.comparingInt((Map.Entry<String, AtomicInteger> e) -> e.getValue().get()).reversed())
                .limit(20)
                .map(e -> {
                    Ledger.Acked acked = matching.get(e.getKey());
                    String at = acked == null ? "unacknowledged" : acked.partition() + "/" + acked.offset();
                    return "  " + e.getKey() + " at " + at + ": delivered " + e.getValue().get() + " times";
                })
                .collect(Collectors.joining("\n"));
        Files.writeString(NodeProcess.LOGS.resolve("delivery-summary.txt"),
                summary + "\n" + details + "\n" + mostDelivered + "\n", StandardCharsets.UTF_8);
    }

    /** How many events were delivered once, twice, …: {@code {1=…, 2=…}}. */
    private static Map<Integer, Long> timesDelivered(FlappingSink sink) {
        return sink.delivered().values().stream()
                .collect(Collectors.groupingBy(c -> c.get(), TreeMap::new, Collectors.counting()));
    }

    private static String answers(FlappingSink sink) {
        return Arrays.stream(FlappingSink.Answer.values())
                .map(a -> a.name().toLowerCase(Locale.ROOT) + " " + sink.answered(a))
                .collect(Collectors.joining(", "));
    }

    /**
     * Publishes events of type {@code even} or {@code odd} (at random): batches of 5–30 structured events, or single
     * binary-mode events. Paced a little, so that the sink can keep up between kills: the test is about delivery, not
     * ingest throughput. Event ids are unique across both instances ({@code b…}, {@code s…}).
     */
    private static final class TypedPublisher extends Producer {
        private final boolean batches;
        private final String source;
        private long next;

        TypedPublisher(LiveNode node, Ledger ledger, long seed, boolean batches) {
            super(node, ledger, BUS, seed);
            this.batches = batches;
            this.source = "/it/delivery/" + (batches ? "batch" : "single");
        }

        @Override
        protected void step() throws IOException, InterruptedException {
            List<JsonNode> events = new ArrayList<>();
            int size = batches ? random.nextInt(5, 31) : 1;
            for (int i = 0; i < size; i++) {
                String type = random.nextBoolean() ? FlappingSink.MATCHING_TYPE : "odd";
                JsonNode event = TestEvents.event(source, (batches ? "b" : "s") + next++, type, random);
                ledger.sent(event);
                events.add(event);
            }
            Http.Answer answer = batches ? publishBatch(events) : publishSingle(events.get(0));
            if (answer != null && answer.ok()) {
                JsonNode results = answer.json().path("results");
                if (results.size() != events.size()) {
                    ledger.violation(events.size() + " events answered " + results.size() + " results");
                } else {
                    for (int i = 0; i < events.size(); i++) {
                        ledger.ack(events.get(i), results.get(i));
                    }
                }
            }
            // Pacing, not waiting for anything.
            Thread.sleep(batches ? random.nextLong(10, 30) : random.nextLong(2, 10));
        }

        private Http.Answer publishBatch(List<JsonNode> events) throws InterruptedException {
            ArrayNode batch = Http.JSON.createArrayNode().addAll(events);
            String body = batch.toString();
            return sendUntilAnswered("batch from " + TestEvents.key(events.get(0)), base -> Http.post(
                    base.resolve("/v1/buses/" + bus + "/events"), "application/cloudevents-batch+json", body));
        }

        private Http.Answer publishSingle(JsonNode event) throws InterruptedException {
            String body = TestEvents.binaryBody(event);
            return sendUntilAnswered("publish " + TestEvents.key(event), base -> Http.post(
                    base.resolve("/v1/buses/" + bus + "/events"), TestEvents.binaryHeaders(event), body));
        }
    }
}
