package dev.tributary.eventstore.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.projection.Counts;
import dev.tributary.core.eventstore.projection.KeyedState;
import dev.tributary.core.eventstore.projection.ProjectionState;
import dev.tributary.core.eventstore.projection.ProjectionStore;
import dev.tributary.core.eventstore.projection.Projector;
import dev.tributary.eventstore.EmbeddedEventStore;
import dev.tributary.eventstore.EventStoreOptions;
import dev.tributary.log.Durability;
import io.cloudevents.CloudEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A projection process killed with {@code kill -9} at random moments while it catches up, and started again, ends
 * with every stream's count exactly its number of events: no event applied twice, none skipped. The seed is printed;
 * {@code -Dtributary.crash.seed=…} repeats a run.
 */
class ProjectorCrashTest {
    private static final int STREAMS = 40;
    private static final int PER_STREAM = 500;
    private static final int KILLS = 4;
    private static final String DONE = "done";

    @TempDir
    Path dir;

    @Test
    void countsEveryEventExactlyOnceAcrossKillDashNines() throws Exception {
        long seed = Long.getLong("tributary.crash.seed", System.nanoTime());
        System.out.println("ProjectorCrashTest seed " + seed);
        Random random = new Random(seed);
        Path storeDir = dir.resolve("store");
        Path db = dir.resolve("projections.db");
        fill(storeDir);

        int total = STREAMS * PER_STREAM;
        int killed = 0;
        for (int cycle = 0; cycle < KILLS; cycle++) {
            int batchSize = 1 + random.nextInt(300);
            long killAfter = 50 + random.nextInt(total / 2);
            if (runUntil(storeDir, db, batchSize, killAfter)) {
                killed++;
            }
        }
        assertThat(killed).as("kills that landed mid-catch-up (seed %d)", seed).isPositive();
        assertThat(runUntil(storeDir, db, 1 + random.nextInt(300), Long.MAX_VALUE)).isFalse();

        try (EventStore store = EmbeddedEventStore.open(storeDir,
                        EventStoreOptions.defaults().withDurability(Durability.NONE));
                ProjectionStore states = ProjectionStore.sqlite(db)) {
            Projector<Counts> p = states.projector(store, CountingProjectionProcess.projection(new AtomicLong()));
            p.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> p.status().state() == ProjectionState.RUNNING);
            List<KeyedState<Counts>> counts = p.states(null, 1000);
            assertThat(counts).as("seed %d", seed).hasSize(STREAMS);
            assertThat(counts).as("seed %d", seed).allSatisfy(k -> {
                assertThat(k.state().count()).as(k.key()).isEqualTo(PER_STREAM);
                assertThat(k.state().lastVersion()).as(k.key()).isEqualTo(PER_STREAM - 1);
                assertThat(k.state().sum()).as(k.key()).isEqualTo((long) PER_STREAM * (PER_STREAM + 1) / 2);
            });
            assertThat(p.status().skipped()).isZero();
            assertThat(p.status().position()).isEqualTo(total);
        }
    }

    /** Appends the streams' events interleaved, 50 at a time per stream, so batches mix streams. */
    private static void fill(Path storeDir) {
        try (EventStore store = EmbeddedEventStore.open(storeDir,
                EventStoreOptions.defaults().withDurability(Durability.NONE))) {
            for (int from = 1; from <= PER_STREAM; from += 50) {
                for (int s = 0; s < STREAMS; s++) {
                    List<CloudEvent> chunk = new ArrayList<>();
                    for (int i = from; i < from + 50; i++) {
                        chunk.add(Counts.order("s" + s + "-" + i, Counts.PLACED, i));
                    }
                    store.appendToStream("acct-" + s, ExpectedVersion.any(), chunk).join();
                }
            }
        }
    }

    /**
     * Runs the victim until it has applied {@code killAfter} events, then kills it; true when it was killed, false
     * when it caught up first.
     */
    private static boolean runUntil(Path storeDir, Path db, int batchSize, long killAfter) throws Exception {
        Process victim = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CountingProjectionProcess.class.getName(),
                        storeDir.toString(),
                        db.toString(),
                        Integer.toString(batchSize))
                .redirectErrorStream(true)
                .start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> read(victim, lines));
        StringBuilder seen = new StringBuilder();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    continue;
                }
                seen.append(line).append('\n');
                if (line.equals(DONE)) {
                    assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(victim.exitValue()).as(seen.toString()).isZero();
                    return false;
                }
                if (line.startsWith("degraded") || line.equals("<end>")) {
                    throw new AssertionError("the victim stopped: " + seen);
                }
                if (line.startsWith("started at ")) {
                    System.out.println("victim (batches of " + batchSize + ", kill after " + killAfter
                            + " applies) " + line);
                }
                if (line.startsWith("applied ") && Long.parseLong(line.substring(8)) >= killAfter) {
                    victim.destroyForcibly();
                    assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    return true;
                }
            }
            throw new AssertionError("the victim neither caught up nor got far in 120 s: " + seen);
        } finally {
            victim.destroyForcibly();
            reader.join(Duration.ofSeconds(10));
        }
    }

    private static void read(Process victim, LinkedBlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(" + e + ")");
        }
        lines.add("<end>");
    }
}
