package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node, one bus, {@value #SUBSCRIPTIONS} subscriptions created over the HTTP API, each selecting the events of one
 * subject ({@code {"exact":{"subject":"s-<i>"}}}) and delivering to its own path of one loopback {@link CountingSink}.
 * Events for a sample of {@value #SAMPLE} subjects, mixed with events no subscription matches, must reach exactly
 * their subscription (at least once), and nothing else may reach any subscription; "nothing else" is checked once every
 * subscription's committed position has passed every event, so that no delivery can still be under way. Then half of
 * the subscriptions are deleted and the rest must still deliver, the deleted ones no more.
 *
 * <p>Also measures, and bounds loosely, what the subscriptions cost the node when idle: its OS threads (dispatchers
 * run on virtual threads, which do not show), its memory (live heap and direct buffers), its CPU, and the time to
 * create and delete them. These bounds are checked last and together, after every delivery check passed. Prints the
 * figures and writes them to {@code target/it-logs/many-subscriptions-summary.txt}.
 */
class ManySubscriptionsTest {
    private static final String BUS = "many";
    private static final int PARTITIONS = 2;
    private static final int SUBSCRIPTIONS = 1_000;
    private static final int SAMPLE = 100;
    private static final int UNMATCHED = 100;
    private static final int CREATORS = 4;
    /** How long idle CPU is measured over: a measurement window, not a wait for a result. */
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(3);
    /**
     * OS threads the subscriptions may add to the node, all together: dispatchers run on virtual threads, so a
     * subscription must not cost a platform thread of its own (at 1,000 per 1,000 a container's pid limit, often a
     * few thousand, caps the subscriptions a node can hold).
     */
    private static final int MAX_EXTRA_OS_THREADS = SUBSCRIPTIONS / 10;
    /**
     * Memory (live heap after a full GC, plus direct buffers) one subscription may cost: its definition, dispatcher,
     * trackers and meters. At this bound 1,000 subscriptions fit in 128 MiB.
     */
    private static final long MAX_BYTES_PER_SUBSCRIPTION = 128 << 10;
    /**
     * In cores: a node that only waits must leave the machine to others. Loose, because the dispatchers' loops poll
     * (20–100 ms slices) and the figure varies with the machine's load; the measured value is printed.
     */
    private static final double MAX_IDLE_CPU = 0.5;
    /** Loose sanity bounds on creating or deleting all the subscriptions over the API (fsync-bound on a slow disk). */
    private static final Duration MAX_CREATE = Duration.ofSeconds(120);
    private static final Duration MAX_DELETE = Duration.ofSeconds(120);
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(60);

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
    void aThousandSubscriptionsOnOneBusEachGetExactlyTheirEventsAndTheRestKeepWorkingAfterHalfAreDeleted()
            throws Exception {
        long began = System.nanoTime();
        try (CountingSink sink = CountingSink.answering(200)) {
            node = NodeProcess.start(data, "many-subscriptions", "--allow-private-sinks");
            Http.Answer bus = Http.post(node.uri("/v1/buses"), "application/json",
                    "{\"name\":\"" + BUS + "\",\"partitions\":" + PARTITIONS + "}");
            assertThat(bus.status()).as(bus.text()).isEqualTo(201);
            int threadsBefore = NodeProbe.osThreads(node);
            double cpuBefore = idleCpu();
            long heapBefore = NodeProbe.liveHeap(node);
            long directBefore = (long) metric("jvm_buffer_memory_used_bytes", "id=\"direct\"");

            long createStart = System.nanoTime();
            inParallel(SUBSCRIPTIONS, i -> {
                Http.Answer created = Http.post(node.uri("/v1/subscriptions"), "application/json",
                        subscription(i, sink).toString());
                assertThat(created.status()).as("creating %s: %s", id(i), created.text()).isEqualTo(201);
            });
            double createSeconds = (System.nanoTime() - createStart) / 1e9;
            assertThat(listed()).as("subscriptions listed on bus " + BUS).hasSize(SUBSCRIPTIONS);
            int threadsWithAll = NodeProbe.osThreads(node);
            String threadNamesWithAll = threadNames();
            double cpuWithAll = idleCpu();
            long heapWithAll = NodeProbe.liveHeap(node);
            long directWithAll = (long) metric("jvm_buffer_memory_used_bytes", "id=\"direct\"");
            long bytesPerSubscription = (heapWithAll - heapBefore + directWithAll - directBefore) / SUBSCRIPTIONS;
            long metricsStart = System.nanoTime();
            int metricsBytes = Http.get(node.uri("/metrics")).text().length();
            double metricsMillis = (System.nanoTime() - metricsStart) / 1e6;

            List<Integer> sampled = IntStream.range(0, SUBSCRIPTIONS).filter(i -> i % (SUBSCRIPTIONS / SAMPLE) == 0)
                    .boxed().toList();
            double[] round1 = publishAndAwait(sink, "r1", sampled, i -> true);

            Set<String> sampledPaths = sampled.stream().map(ManySubscriptionsTest::path).collect(Collectors.toSet());
            assertThat(sink.paths()).as("paths (subscriptions) that received events").isEqualTo(sampledPaths);
            for (int i : sampled) {
                assertThat(sink.delivered(path(i)).keySet()).as("events delivered to %s", id(i))
                        .containsExactly("r1-" + i);
            }
            long duplicates1 = duplicates(sink, sampled);

            long deleteStart = System.nanoTime();
            IntPredicate kept = i -> i < SUBSCRIPTIONS / 2;
            inParallel(SUBSCRIPTIONS, i -> {
                if (!kept.test(i)) {
                    int status = delete(id(i));
                    assertThat(status).as("deleting %s", id(i)).isEqualTo(204);
                }
            });
            double deleteSeconds = (System.nanoTime() - deleteStart) / 1e9;
            assertThat(listed()).as("subscriptions listed after deleting half")
                    .hasSize(SUBSCRIPTIONS / 2)
                    .allMatch(id -> kept.test(Integer.parseInt(id.substring("sub-".length()))));
            assertThat(Http.status(node.uri("/v1/subscriptions/" + id(SUBSCRIPTIONS - 1))))
                    .as("a deleted subscription").isEqualTo(404);

            double[] round2 = publishAndAwait(sink, "r2", sampled, kept);

            assertThat(sink.paths()).as("paths (subscriptions) that received events").isEqualTo(sampledPaths);
            for (int i : sampled) {
                if (kept.test(i)) {
                    assertThat(sink.delivered(path(i)).keySet()).as("events delivered to %s (kept)", id(i))
                            .containsExactly("r1-" + i, "r2-" + i);
                } else {
                    assertThat(sink.delivered(path(i)).keySet()).as("events delivered to %s (deleted)", id(i))
                            .containsExactly("r1-" + i);
                }
            }
            long duplicates2 = duplicates(sink, sampled) - duplicates1;
            int threadsAfterDelete = NodeProbe.osThreads(node);
            double cpuAfterDelete = idleCpu();
            assertThat(Http.status(node.uri("/health/ready"))).as("/health/ready at the end").isEqualTo(200);

            String summary = String.format(
                    "ManySubscriptionsTest: %d subscriptions on bus '%s' (%d partitions) created in %.1f s (%d"
                            + " clients, %.1f ms each)%n"
                            + "  node OS threads: %d with none, %d with %d, %d after deleting %d;"
                            + " idle CPU (cores, over %d s): %.3f, %.3f, %.3f%n"
                            + "  memory: live heap %.1f → %.1f MiB, direct buffers %.1f → %.1f MiB: %d KiB per"
                            + " subscription%n"
                            + "  /metrics with %d subscriptions: %d KB in %.0f ms%n"
                            + "  round 1: %d matching + %d unmatched events delivered in %.2f s, all %d subscriptions"
                            + " committed past them in %.1f s, %d duplicates%n"
                            + "  deleted %d in %.1f s (%.1f ms each); round 2: delivered in %.2f s, the %d kept"
                            + " subscriptions committed past them in %.1f s, %d duplicates; test took %.1f s",
                    SUBSCRIPTIONS, BUS, PARTITIONS, createSeconds, CREATORS,
                    createSeconds * 1000 * CREATORS / SUBSCRIPTIONS,
                    threadsBefore, threadsWithAll, SUBSCRIPTIONS, threadsAfterDelete, SUBSCRIPTIONS / 2,
                    IDLE_WINDOW.toSeconds(), cpuBefore, cpuWithAll, cpuAfterDelete,
                    heapBefore / 1048576.0, heapWithAll / 1048576.0, directBefore / 1048576.0,
                    directWithAll / 1048576.0, bytesPerSubscription / 1024,
                    SUBSCRIPTIONS, metricsBytes / 1024, metricsMillis,
                    SAMPLE, UNMATCHED, round1[0], SUBSCRIPTIONS, round1[1], duplicates1,
                    SUBSCRIPTIONS / 2, deleteSeconds, deleteSeconds * 1000 * CREATORS / (SUBSCRIPTIONS / 2), round2[0],
                    SUBSCRIPTIONS / 2, round2[1], duplicates2, (System.nanoTime() - began) / 1e9);
            System.out.println(summary);
            Files.createDirectories(NodeProcess.LOGS);
            Files.writeString(NodeProcess.LOGS.resolve("many-subscriptions-summary.txt"), summary + "\n",
                    StandardCharsets.UTF_8);

            // What the subscriptions cost, checked together so that one report names every bound exceeded.
            SoftAssertions.assertSoftly(soft -> {
                soft.assertThat(threadsWithAll - threadsBefore)
                        .as("OS threads added by %d subscriptions (%d → %d; thread names: %s)", SUBSCRIPTIONS,
                                threadsBefore, threadsWithAll, threadNamesWithAll)
                        .isLessThanOrEqualTo(MAX_EXTRA_OS_THREADS);
                soft.assertThat(threadsAfterDelete - threadsBefore)
                        .as("OS threads still added after deleting %d of them (%d → %d)", SUBSCRIPTIONS / 2,
                                threadsBefore, threadsAfterDelete)
                        .isLessThanOrEqualTo(MAX_EXTRA_OS_THREADS);
                soft.assertThat(bytesPerSubscription)
                        .as("bytes of memory per subscription (live heap %d → %d, direct buffers %d → %d)",
                                heapBefore, heapWithAll, directBefore, directWithAll)
                        .isLessThanOrEqualTo(MAX_BYTES_PER_SUBSCRIPTION);
                soft.assertThat(cpuWithAll).as("idle CPU (cores) with %d subscriptions", SUBSCRIPTIONS)
                        .isLessThan(MAX_IDLE_CPU);
                soft.assertThat(cpuAfterDelete).as("idle CPU (cores) after deleting half").isLessThan(MAX_IDLE_CPU);
                soft.assertThat(createSeconds).as("seconds to create %d subscriptions", SUBSCRIPTIONS)
                        .isLessThan((double) MAX_CREATE.toSeconds());
                soft.assertThat(deleteSeconds).as("seconds to delete %d subscriptions", SUBSCRIPTIONS / 2)
                        .isLessThan((double) MAX_DELETE.toSeconds());
            });
        }
    }

    private static String id(int i) {
        return "sub-" + i;
    }

    private static String path(int i) {
        return "/s-" + i;
    }

    private static ObjectNode subscription(int i, CountingSink sink) {
        ObjectNode s = Http.JSON.createObjectNode();
        s.put("id", id(i));
        s.put("bus", BUS);
        s.putArray("filters").addObject().putObject("exact").put("subject", "s-" + i);
        s.put("sink", sink.uri(path(i)).toString());
        s.put("startAt", "earliest");
        return s;
    }

    /**
     * Publishes, in one shuffled batch, an event {@code <round>-<i>} of subject {@code s-<i>} for each sampled
     * {@code i}, and {@link #UNMATCHED} events no subscription selects (other subjects, or none).
     */
    private void publish(String round, List<Integer> sampled) throws Exception {
        List<ObjectNode> events = new ArrayList<>();
        for (int i : sampled) {
            events.add(event(round + "-" + i, "s-" + i));
        }
        for (int k = 0; k < UNMATCHED; k++) {
            // "s-1000" and beyond look like ours but belong to no subscription; half carry no subject at all.
            events.add(event(round + "-unmatched-" + k, k % 2 == 0 ? "s-" + (SUBSCRIPTIONS + k) : null));
        }
        Collections.shuffle(events, new Random(round.hashCode()));
        ArrayNode batch = Http.JSON.createArrayNode().addAll(events);
        Http.Answer answer = Http.post(node.uri("/v1/buses/" + BUS + "/events"), "application/cloudevents-batch+json",
                batch.toString());
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().path("results")).as("results").hasSize(events.size());
    }

    private static ObjectNode event(String id, String subject) {
        ObjectNode event = Http.JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "/it/many");
        event.put("type", "it.many");
        if (subject != null) {
            event.put("subject", subject);
        }
        event.put("datacontenttype", "application/json");
        event.putObject("data").put("id", id);
        return event;
    }

    /**
     * Publishes the events of {@code round}, then waits until every subscription in {@code active} has received its
     * sampled event and has committed past the end of the bus (so none has a delivery still under way). Returns the
     * seconds to both, from the publish.
     */
    private double[] publishAndAwait(CountingSink sink, String round, List<Integer> sampled, IntPredicate active)
            throws Exception {
        long start = System.nanoTime();
        publish(round, sampled);
        Map<Integer, Long> ends = endOffsets();
        Set<Integer> pending = IntStream.range(0, SUBSCRIPTIONS).filter(active).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
        await(round + ": every sampled event delivered")
                .atMost(DELIVERY_BOUND)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> sampled.stream().filter(active::test)
                        .allMatch(i -> sink.delivered(path(i)).containsKey(round + "-" + i)));
        double delivered = (System.nanoTime() - start) / 1e9;
        await(round + ": every subscription committed past " + ends)
                .atMost(DELIVERY_BOUND)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    pending.removeIf(i -> {
                        try {
                            return positions(id(i)).equals(ends);
                        } catch (Exception e) {
                            return false;
                        }
                    });
                    return pending.isEmpty();
                });
        return new double[] {delivered, (System.nanoTime() - start) / 1e9};
    }

    private static long duplicates(CountingSink sink, List<Integer> sampled) {
        long duplicates = 0;
        for (int i : sampled) {
            duplicates += sink.delivered(path(i)).values().stream().mapToInt(n -> n - 1).sum();
        }
        return duplicates;
    }

    /** Runs {@code action} for 0..n-1 on {@link #CREATORS} client threads, failing with the first failure. */
    private static void inParallel(int n, IntAction action) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CREATORS);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int c = 0; c < CREATORS; c++) {
                tasks.add(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        action.run(i);
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
    }

    @FunctionalInterface
    private interface IntAction {
        void run(int i) throws Exception;
    }

    private int delete(String id) throws Exception {
        HttpRequest request = Http.authorized(HttpRequest.newBuilder(node.uri("/v1/subscriptions/" + id)),
                        node.uri("/"))
                .timeout(Duration.ofSeconds(20))
                .DELETE()
                .build();
        return Http.CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private List<String> listed() throws Exception {
        Http.Answer answer = Http.get(node.uri("/v1/subscriptions?bus=" + BUS));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().path("subscriptions").forEach(s -> ids.add(s.path("id").asText()));
        return ids;
    }

    private Map<Integer, Long> positions(String subscription) throws Exception {
        return Offsets.committed(node, subscription);
    }

    private Map<Integer, Long> endOffsets() throws Exception {
        return Offsets.ends(node, BUS);
    }

    /**
     * The node's OS threads by name with digits folded ({@code tributary-writer-sub-N-dlq-N}), most numerous first,
     * from {@code /proc/<pid>/task/<tid>/comm} (which keeps the first 15 characters of a name).
     */
    private String threadNames() throws Exception {
        Path tasks = Path.of("/proc", Long.toString(node.pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return "unknown";
        }
        Map<String, Integer> names = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(tasks)) {
            for (Path task : dirs.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "N");
                    names.merge(name, 1, Integer::sum);
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return names.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(5)
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    /** The sum of the samples of {@code name} from {@code /metrics} whose labels contain {@code label}. */
    private double metric(String name, String label) throws Exception {
        return NodeProbe.metric(node, name, label);
    }

    /** The node's CPU use in cores over {@link #IDLE_WINDOW} while nothing is asked of it. */
    private double idleCpu() throws Exception {
        ProcessHandle process = ProcessHandle.of(node.pid()).orElseThrow();
        Duration before = process.info().totalCpuDuration().orElseThrow();
        long start = System.nanoTime();
        // The measurement window: the node is left alone for this long, by design.
        Thread.sleep(IDLE_WINDOW.toMillis());
        Duration after = process.info().totalCpuDuration().orElseThrow();
        return (after.toNanos() - before.toNanos()) / (double) (System.nanoTime() - start);
    }
}
