package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a node with {@code kill -9} at random moments while two clients publish and two consumers of one consumer
 * group fetch and ack, restarts it on the same data directory each time, then checks the group's promise: every
 * event of the bus's global order is acked in the end (none lost; an ack the kill cut off before its answer counts,
 * as the node may have committed it), and no event whose ack the node answered with 200 is ever delivered again by a
 * fetch sent after that answer (a kill loses no ack). Events not acked when the node died
 * come again, and are counted.
 *
 * <p>10 kill/restart cycles when {@code CI=true}, else 3 ({@code -Dit.group.cycles=N}); the seed is printed
 * ({@code -Dit.group.seed=N} replays the kill delays and the publishers' choices).
 */
class GroupCrashTest {
    private static final String BUS = "orders";
    private static final String GROUP = "billing";
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
    void aConsumerGroupLosesNoAckAndRedeliversOnlyUnackedEventsThroughRepeatedKillNine() throws Exception {
        long seed = Long.getLong("it.group.seed", System.nanoTime());
        int cycles = Integer.getInteger("it.group.cycles", "true".equals(System.getenv("CI")) ? 10 : 3);
        System.out.println("GroupCrashTest seed " + seed + ", " + cycles + " kill -9 cycles");
        Random random = new Random(seed);
        Ledger ledger = new Ledger();
        LiveNode live = new LiveNode();
        Acks acks = new Acks();

        node = NodeProcess.start(data, "group-0");
        Http.Answer bus = Http.post(node.uri("/v1/buses"), "application/json",
                "{\"name\":\"" + BUS + "\",\"partitions\":2,\"globalOrder\":true}");
        assertThat(bus.status()).as(bus.text()).isEqualTo(201);
        Http.Answer group = Http.post(node.uri("/v1/buses/" + BUS + "/groups"), "application/json",
                "{\"name\":\"" + GROUP + "\",\"from\":\"earliest\",\"ordering\":\"none\",\"lease\":\"PT30S\"}");
        assertThat(group.status()).as(group.text()).isEqualTo(201);
        live.up(node.base());

        List<Producer> producers = List.of(new BatchPublisher(live, ledger, BUS, seed + 1, 0),
                new BatchPublisher(live, ledger, BUS, seed + 2, 1));
        List<GroupConsumer> consumers = List.of(new GroupConsumer(live, acks, "c1"), new GroupConsumer(live, acks, "c2"));
        List<Thread> threads = new ArrayList<>();
        for (Runnable r : concat(producers, consumers)) {
            Thread t = new Thread(r, "group-crash-" + threads.size());
            t.start();
            threads.add(t);
        }
        try {
            for (int cycle = 1; cycle <= cycles; cycle++) {
                // The kill lands at a random moment of publishing, fetching and acking: the scenario, not a wait.
                Thread.sleep(random.nextLong(300, 1500));
                String name = "group-" + cycle;
                node = live.killAndRestart(node, () -> NodeProcess.start(data, name));
            }
            producers.forEach(Producer::stop);
            for (Thread t : threads.subList(0, producers.size())) {
                t.join(120_000);
            }
            long end = endPosition();
            try {
                await("every position of the order acked").atMost(DRAIN).pollInterval(Duration.ofMillis(200))
                        .until(() -> acks.missing(end).isEmpty() && settled(end)
                                || consumers.stream().allMatch(c -> c.died != null));
            } catch (ConditionTimeoutException e) {
                // the assertions below say what is missing
            }
            for (GroupConsumer c : consumers) {
                assertThat(c.died).as(c.name + " died").isNull();
            }
            List<Long> missing = acks.missing(end);
            assertThat(missing).as("positions never acked (seed %d; %d of %d; first %s; the group: %s)", seed,
                    missing.size(), end, missing.subList(0, Math.min(20, missing.size())), describe()).isEmpty();
        } finally {
            producers.forEach(Producer::stop);
            consumers.forEach(GroupConsumer::stop);
            live.close();
            for (Thread t : threads) {
                t.join(120_000);
            }
        }
        assertThat(ledger.violations()).as("publishing problems (seed " + seed + ")").isEmpty();
        assertThat(acks.violations).as("acked events delivered again (seed " + seed + ")").isEmpty();
        assertThat(acks.unexpected).as("answers neither 200 nor 409 (seed " + seed + ")").isEmpty();

        // The group's position itself survives a last kill: nothing is left to deliver.
        long end = endPosition();
        node.kill();
        node = NodeProcess.start(data, "group-last");
        JsonNode described = Http.get(node.uri("/v1/buses/" + BUS + "/groups/" + GROUP)).json();
        assertThat(described.path("stats").path("checkpoint").asLong()).isEqualTo(end);
        Http.Answer fetched = Http.post(node.uri("/v1/buses/" + BUS + "/groups/" + GROUP + "/fetch?consumer=c9"),
                "application/json", "{}");
        assertThat(fetched.json().path("events")).as(fetched.text()).isEmpty();
        System.out.printf("GroupCrashTest seed %d: %d cycles, %d events, %d acks answered, %d redelivered after a "
                + "kill or a lost ack answer, %d acks refused as lease-lost%n", seed, cycles, end, acks.answered.get(),
                acks.redelivered.get(), acks.leaseLost.get());
        assertThat(node.stop()).as("exit code after SIGTERM").isIn(0, 143);
    }

    /** Whether the node's group has every event up to {@code end} acked: its checkpoint there, nothing pending. */
    private boolean settled(long end) {
        try {
            JsonNode stats = Http.get(node.uri("/v1/buses/" + BUS + "/groups/" + GROUP)).json().path("stats");
            return stats.path("checkpoint").asLong() >= end && stats.path("pending").asInt() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** What the node says of the group, for failure messages; never throws. */
    private String describe() {
        try {
            return Http.get(node.uri("/v1/buses/" + BUS + "/groups/" + GROUP)).text();
        } catch (Exception e) {
            return "the node did not answer: " + e;
        }
    }

    private long endPosition() throws Exception {
        return Http.get(node.uri("/v1/buses/" + BUS)).json().path("endPosition").asLong();
    }

    private static List<Runnable> concat(List<? extends Runnable> a, List<? extends Runnable> b) {
        List<Runnable> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** What the consumers saw: when each ack was answered, and fetches that broke the promise. */
    private static final class Acks {
        final Map<Long, Long> ackedAt = new ConcurrentHashMap<>(); // position -> nanoTime of the first 200
        final Map<Long, Boolean> fetched = new ConcurrentHashMap<>();
        final Set<Long> unanswered = ConcurrentHashMap.newKeySet(); // in an ack the node died under
        final List<String> violations = new CopyOnWriteArrayList<>();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong redelivered = new AtomicLong();
        final AtomicLong leaseLost = new AtomicLong();

        /**
         * The positions below {@code end} never acked. An ack the node committed but whose answer the kill cut off is
         * an ack all the same (the event is never delivered again), so the events of an unanswered ack count.
         */
        List<Long> missing(long end) {
            return LongStream.range(0, end).filter(p -> !ackedAt.containsKey(p) && !unanswered.contains(p)).boxed()
                    .toList();
        }

        void fetched(long position, long sentAt, String consumer) {
            Long acked = ackedAt.get(position);
            if (acked != null && acked < sentAt) {
                violations.add("position " + position + " was acked (answered 200), then delivered to " + consumer
                        + " by a fetch sent " + (sentAt - acked) / 1_000_000 + " ms later");
            }
            if (fetched.put(position, Boolean.TRUE) != null) {
                redelivered.incrementAndGet();
            }
        }
    }

    /** Fetches up to 100 events and acks them all, until stopped; waits out the node's restarts. */
    private static final class GroupConsumer implements Runnable {
        private final LiveNode live;
        private final Acks acks;
        final String name;
        private volatile boolean stopped;
        volatile Throwable died;

        GroupConsumer(LiveNode live, Acks acks, String name) {
            this.live = live;
            this.acks = acks;
            this.name = name;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    URI base = live.await(1000);
                    if (base != null) {
                        step(base);
                    }
                }
            } catch (Throwable t) {
                died = t;
            }
        }

        private void step(URI base) throws InterruptedException {
            String path = "/v1/buses/" + BUS + "/groups/" + GROUP;
            long sentAt = System.nanoTime();
            List<Long> positions = new ArrayList<>();
            try {
                Http.Answer fetched = Http.post(base.resolve(path + "/fetch?max=100&consumer=" + name),
                        "application/json", "{}");
                if (fetched.status() != 200) {
                    acks.unexpected.add("fetch answered " + fetched.status() + ": " + fetched.text());
                    Thread.sleep(20);
                    return;
                }
                for (JsonNode e : fetched.json().path("events")) {
                    long position = e.path("position").asLong();
                    acks.fetched(position, sentAt, name);
                    positions.add(position);
                }
                if (positions.isEmpty()) {
                    Thread.sleep(20); // nothing due: poll again shortly
                    return;
                }
                Http.Answer acked = Http.post(base.resolve(path + "/ack"), "application/json",
                        "{\"consumer\":\"" + name + "\",\"positions\":" + positions + "}");
                if (acked.status() == 200) {
                    long now = System.nanoTime();
                    acks.answered.incrementAndGet();
                    positions.forEach(p -> acks.ackedAt.putIfAbsent(p, now));
                } else if (acked.status() == 409) {
                    acks.leaseLost.incrementAndGet(); // leased before a restart: the new node does not know it
                } else {
                    acks.unexpected.add("ack answered " + acked.status() + ": " + acked.text());
                }
            } catch (IOException e) {
                // the node died under the request: an ack may or may not have been committed
                acks.unanswered.addAll(positions);
            }
        }
    }
}
