package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a node with {@code kill -9} at random moments while several clients publish single events, batches and
 * stream appends with exact expected versions (and deliberately re-send acknowledged ones), restarts it on the same
 * data directory each time, and then checks that every promise the node made held: each acknowledged event is
 * stored at its acknowledged position with identical content, partitions and streams have no gaps, stream versions
 * run 0..n, acknowledged stream appends are all there in order, no {@code source}+{@code id} is stored twice
 * within the dedup window, and the bus's global order is gap-free, holds every stored event once, keeps each
 * partition's order, has each acknowledged event at the position its append was told, and still has at each
 * position the event that a reader tailing it across the kills saw there.
 *
 * <p>20 kill/restart cycles when {@code CI=true}, else 5 ({@code -Dit.crash.cycles=N} overrides). The seed of the
 * kill delays and of the clients is printed ({@code -Dit.crash.seed=N} replays the same choices; timing still
 * varies).
 */
class CrashRecoveryTest {
    private static final String BUS = "crash";
    private static final int PARTITIONS = 4;
    private static final Duration DEDUP_WINDOW = Duration.ofMinutes(2);

    @TempDir
    Path data;

    @Test
    void everyAcknowledgedEventSurvivesRepeatedKillNine() throws Exception {
        long seed = Long.getLong("it.crash.seed", System.nanoTime());
        int cycles = Integer.getInteger("it.crash.cycles", "true".equals(System.getenv("CI")) ? 20 : 5);
        System.out.println("CrashRecoveryTest seed " + seed + ", " + cycles + " kill -9 cycles");
        Random random = new Random(seed);
        Ledger ledger = new Ledger();
        LiveNode live = new LiveNode();
        long began = System.nanoTime();

        NodeProcess node = NodeProcess.start(data, "crash-0", "--durability", "fsync");
        Http.Answer created = Http.post(node.uri("/v1/buses"), "application/json",
                "{\"name\":\"" + BUS + "\",\"partitions\":" + PARTITIONS + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        live.up(node.base());

        List<String> streams = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            streams.add("order-" + Long.toHexString(seed) + "-" + i);
        }
        StreamAppender streamsA = new StreamAppender(live, ledger, BUS, seed + 1, streams.subList(0, 3));
        StreamAppender streamsB = new StreamAppender(live, ledger, BUS, seed + 2, streams.subList(3, 6));
        OrderWatcher watcher = new OrderWatcher(live, ledger, BUS);
        List<Producer> producers = List.of(
                watcher,
                new SinglePublisher(live, ledger, BUS, seed + 3, 0),
                new SinglePublisher(live, ledger, BUS, seed + 4, 1),
                new BatchPublisher(live, ledger, BUS, seed + 5, 0),
                streamsA,
                streamsB);
        List<Thread> threads = new ArrayList<>();
        for (Producer p : producers) {
            Thread t = new Thread(p, "producer-" + p.getClass().getSimpleName() + "-" + threads.size());
            t.start();
            threads.add(t);
        }

        try {
            for (int cycle = 1; cycle <= cycles; cycle++) {
                // The kill lands at a random moment of the load: this delay is the scenario, not a wait for a result.
                Thread.sleep(random.nextLong(300, 2000));
                String name = "crash-" + cycle;
                node = live.killAndRestart(node, () -> NodeProcess.start(data, name, "--durability", "fsync"));
            }
            Thread.sleep(500);
        } finally {
            producers.forEach(Producer::stop);
            for (Thread t : threads) {
                t.join(120_000);
            }
            live.close();
        }
        for (Producer p : producers) {
            assertThat(p.died()).as(p.getClass().getSimpleName() + " died").isNull();
        }

        List<String> problems = new ArrayList<>(ledger.violations());
        Verification first = verify(node, ledger, List.of(streamsA, streamsB), problems);
        verifyGlobalOrder(node, ledger, watcher.seen(), problems);

        // A clean stop and start must not change anything either.
        int exit = node.stop();
        assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
        node = NodeProcess.start(data, "crash-final", "--durability", "fsync");
        try {
            verify(node, ledger, List.of(streamsA, streamsB), problems);
            verifyGlobalOrder(node, ledger, watcher.seen(), problems);
        } finally {
            node.stop();
        }

        String summary = String.format(
                "CrashRecoveryTest seed %d: %d kill -9 cycles in %.1f s; %d events sent, %d acknowledged (%d stored, "
                        + "%d MiB in the bus), %d stream appends, %d requests (%d without a usable answer and retried), "
                        + "%d deliberate re-sends, %d duplicate answers, %d KiB of request bodies; %d problems",
                seed, cycles, (System.nanoTime() - began) / 1e9, ledger.sentEvents().size(),
                ledger.ackedEvents().size(), first.stored, first.busBytes >> 20,
                ledger.streamAppends().values().stream().mapToInt(List::size).sum(), ledger.requests.get(),
                ledger.failedRequests.get(), ledger.deliberateResends.get(), ledger.duplicatesAnswered.get(),
                ledger.bytesSent.get() >> 10, problems.size());
        System.out.println(summary);
        Files.createDirectories(NodeProcess.LOGS);
        Files.writeString(NodeProcess.LOGS.resolve("crash-summary.txt"),
                summary + "\n" + String.join("\n", problems) + "\n", StandardCharsets.UTF_8);

        assertThat(problems).as("broken promises (seed " + seed + ")").isEmpty();
        assertThat(ledger.ackedEvents()).as("events acknowledged").isNotEmpty();
        assertThat(ledger.streamAppends()).as("streams appended to").isNotEmpty();
    }

    private record Verification(long stored, long busBytes) {}

    private static Verification verify(NodeProcess node, Ledger ledger, List<StreamAppender> appenders,
            List<String> problems) throws Exception {
        Map<String, JsonNode> stored = new HashMap<>(); // partition/offset -> envelope
        Map<String, List<JsonNode>> byKey = new HashMap<>();
        long count = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            List<JsonNode> envelopes = StoredBus.partition(node.base(), BUS, p);
            long expectedOffset = envelopes.isEmpty() ? 0 : envelopes.get(0).path("offset").asLong();
            for (JsonNode envelope : envelopes) {
                long offset = envelope.path("offset").asLong(-1);
                if (offset != expectedOffset || envelope.path("partition").asInt(-1) != p) {
                    problems.add("partition " + p + ": expected offset " + expectedOffset + ", read " + envelope);
                }
                expectedOffset = offset + 1;
                stored.put(p + "/" + offset, envelope);
                byKey.computeIfAbsent(TestEvents.key(envelope.path("event")), k -> new ArrayList<>()).add(envelope);
                count++;
            }
        }

        for (Ledger.Acked acked : ledger.ackedEvents().values()) {
            JsonNode envelope = stored.get(acked.partition() + "/" + acked.offset());
            if (envelope == null) {
                problems.add("acknowledged event " + acked.key() + " is missing at " + acked.partition() + "/"
                        + acked.offset());
            } else if (!envelope.path("event").equals(acked.event())) {
                problems.add("acknowledged event " + acked.key() + " at " + acked.partition() + "/" + acked.offset()
                        + " differs:\n  sent   " + acked.event() + "\n  stored " + envelope.path("event"));
            }
        }
        for (Map.Entry<String, List<JsonNode>> entry : byKey.entrySet()) {
            JsonNode sent = ledger.sentEvents().get(entry.getKey());
            if (sent == null) {
                problems.add("stored an event nobody sent: " + entry.getValue().get(0));
            }
            List<JsonNode> copies = entry.getValue();
            for (int i = 1; i < copies.size(); i++) {
                Instant a = Instant.parse(copies.get(0).path("time").asText());
                Instant b = Instant.parse(copies.get(i).path("time").asText());
                if (Duration.between(a, b).abs().compareTo(DEDUP_WINDOW) < 0) {
                    problems.add("event " + entry.getKey() + " stored twice within the dedup window: " + copies.get(0)
                            .path("partition") + "/" + copies.get(0).path("offset") + " and "
                            + copies.get(i).path("partition") + "/" + copies.get(i).path("offset"));
                }
            }
        }

        for (StreamAppender appender : appenders) {
            for (String stream : appender.streams()) {
                verifyStream(node, ledger, stream, appender.version(stream), stored, problems);
            }
        }
        JsonNode bus = Http.get(node.uri("/v1/buses/" + BUS)).json();
        long bytes = 0;
        for (JsonNode p : bus.path("partitionStats")) {
            bytes += p.path("bytes").asLong();
        }
        return new Verification(count, bytes);
    }

    private static void verifyGlobalOrder(NodeProcess node, Ledger ledger, Map<Long, String> seen,
            List<String> problems) throws Exception {
        List<JsonNode> all = StoredBus.all(node.base(), BUS);
        Map<String, Long> positionOf = new HashMap<>(); // partition/offset -> position
        Map<Integer, Long> lastOffset = new HashMap<>();
        long expected = 0;
        long stored = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            JsonNode state = Http.get(node.uri("/v1/buses/" + BUS)).json().path("partitionStats").path(p);
            stored += state.path("endOffset").asLong() - state.path("startOffset").asLong();
        }
        for (JsonNode e : all) {
            long position = e.path("position").asLong(-1);
            int partition = e.path("partition").asInt();
            long offset = e.path("offset").asLong();
            if (position != expected) {
                problems.add("global order: expected position " + expected + ", read " + position);
            }
            expected = position + 1;
            Long before = lastOffset.put(partition, offset);
            if (before != null && offset != before + 1) {
                problems.add("global order: partition " + partition + " offset " + offset + " follows " + before);
            }
            positionOf.put(partition + "/" + offset, position);
        }
        if (all.size() != stored) {
            problems.add("global order holds " + all.size() + " events, the partitions " + stored);
        }
        for (Ledger.Acked acked : ledger.ackedEvents().values()) {
            Long at = positionOf.get(acked.partition() + "/" + acked.offset());
            if (acked.position() >= 0 && (at == null || at != acked.position())) {
                problems.add("acknowledged event " + acked.key() + " was told position " + acked.position()
                        + " and is at " + at);
            }
        }
        for (Map.Entry<Long, String> s : seen.entrySet()) {
            Long at = positionOf.get(s.getValue());
            if (at == null || !at.equals(s.getKey())) {
                problems.add("a reader saw " + s.getValue() + " at position " + s.getKey() + "; it is now at " + at);
            }
        }
        if (seen.isEmpty()) {
            problems.add("the order watcher saw nothing");
        }
        verifyIndex(node, all, "categories/order", e -> e.hasNonNull("stream"), problems);
        String type = all.isEmpty() ? "none" : all.get(0).path("event").path("type").asText();
        verifyIndex(node, all, "types/" + type, e -> type.equals(e.path("event").path("type").asText()), problems);
    }

    /** An index read finds exactly the events of the order that {@code selects} picks, at their positions. */
    private static void verifyIndex(NodeProcess node, List<JsonNode> all, String index,
            Predicate<JsonNode> selects, List<String> problems) throws Exception {
        List<Long> expected = all.stream().filter(selects).map(e -> e.path("position").asLong()).toList();
        List<Long> read = StoredBus.order(node.base(), BUS, index).stream()
                .map(e -> e.path("position").asLong()).toList();
        if (!read.equals(expected)) {
            problems.add("index " + index + " holds " + read.size() + " events, the order " + expected.size()
                    + " (first difference at " + firstDifference(read, expected) + ")");
        }
    }

    private static int firstDifference(List<Long> a, List<Long> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }

    private static void verifyStream(NodeProcess node, Ledger ledger, String stream, long lastAcked,
            Map<String, JsonNode> stored, List<String> problems) throws Exception {
        List<JsonNode> envelopes = StoredBus.stream(node.base(), BUS, stream);
        Map<String, Long> versionOfKey = new HashMap<>();
        for (int v = 0; v < envelopes.size(); v++) {
            JsonNode envelope = envelopes.get(v);
            if (envelope.path("version").asLong(-1) != v || !stream.equals(envelope.path("stream").asText())) {
                problems.add("stream " + stream + ": expected version " + v + ", read " + envelope);
            }
            Long before = versionOfKey.put(TestEvents.key(envelope.path("event")), (long) v);
            if (before != null) {
                problems.add("stream " + stream + ": event " + TestEvents.key(envelope.path("event"))
                        + " stored at versions " + before + " and " + v);
            }
            JsonNode atPosition = stored.get(envelope.path("partition").asInt() + "/" + envelope.path("offset").asLong());
            if (atPosition == null || !atPosition.path("event").equals(envelope.path("event"))) {
                problems.add("stream " + stream + " version " + v + " is not the partition's event at its position");
            }
        }
        if (envelopes.size() - 1 != lastAcked) {
            problems.add("stream " + stream + " holds versions 0.." + (envelopes.size() - 1)
                    + " but its writer was acknowledged up to " + lastAcked);
        }
        for (Ledger.StreamAppend append : ledger.streamAppends().getOrDefault(stream, List.of())) {
            for (int i = 0; i < append.events().size(); i++) {
                long version = append.firstVersion() + i;
                Ledger.Acked acked = append.events().get(i);
                JsonNode envelope = version < envelopes.size() ? envelopes.get((int) version) : null;
                if (envelope == null
                        || !envelope.path("event").equals(acked.event())
                        || envelope.path("partition").asInt() != acked.partition()
                        || envelope.path("offset").asLong() != acked.offset()) {
                    problems.add("stream " + stream + ": acknowledged event " + acked.key() + " is not at version "
                            + version + " (" + acked.partition() + "/" + acked.offset() + "): " + envelope);
                }
            }
        }
    }
}
