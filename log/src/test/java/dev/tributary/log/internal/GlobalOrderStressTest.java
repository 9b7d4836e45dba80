package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.Durability;
import dev.tributary.log.LogListener;
import dev.tributary.log.Position;
import dev.tributary.log.StoredEvent;
import dev.tributary.log.WriterPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent writers on many partitions and streams, and concurrent readers tailing the global order: every reader
 * sees positions 0, 1, 2… with no gap and no repeat, all readers see the same event at each position, that event is
 * the one whose append was told that position, and each partition's and stream's events keep their own order.
 */
class GlobalOrderStressTest {
    static final int PARTITIONS = 8;
    static final int WRITERS = 8;
    static final int APPENDS_PER_WRITER = 300;
    static final int READERS = 3;

    @TempDir
    Path dir;

    @Test
    void concurrentWritersAndReadersAgreeOnOneGapFreeOrder() throws Exception {
        var config = LogFixture.config(PARTITIONS).withDurability(Durability.FSYNC);
        Map<Long, String> told = new ConcurrentHashMap<>(); // global position -> event id, as the appends were told
        long total;
        try (WriterPool pool = WriterPool.of(4);
                FileBusLog log = FileBusLog.open(dir, "orders", config, new MutableClock(LogFixture.T0),
                        LogListener.NONE, FileChannels.DEFAULT, pool)) {
            ExecutorService threads = Executors.newFixedThreadPool(WRITERS + READERS);
            List<Future<Long>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(threads.submit(() -> write(log, writer, told)));
            }
            List<Future<List<String>>> readers = new ArrayList<>();
            long expected = (long) WRITERS * APPENDS_PER_WRITER * 2;
            for (int r = 0; r < READERS; r++) {
                readers.add(threads.submit(() -> tail(log, expected)));
            }
            total = 0;
            for (Future<Long> f : writers) {
                total += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(expected);
            List<String> first = readers.get(0).get(120, TimeUnit.SECONDS);
            for (Future<List<String>> r : readers) {
                assertThat(r.get(120, TimeUnit.SECONDS)).isEqualTo(first);
            }
            threads.shutdown();
            assertThat(first).hasSize((int) total);
            for (int p = 0; p < first.size(); p++) {
                assertThat(first.get(p)).as("the event at position %d", p).isEqualTo(told.get((long) p));
            }
            assertOwnOrdersKept(GlobalOrderTest.readAll(log));
        }
    }

    /** Appends in turns to a partition and to the writer's stream; returns the events written. */
    private static long write(FileBusLog log, int writer, Map<Long, String> told) throws Exception {
        long written = 0;
        for (int i = 0; i < APPENDS_PER_WRITER; i++) {
            String id = "w" + writer + "-" + i;
            List<Position> positions = log.append((writer + i) % PARTITIONS, List.of(Events.event(id)))
                    .get(30, TimeUnit.SECONDS);
            told.put(positions.get(0).globalPosition(), id);
            String streamed = "s" + id;
            var r = log.appendToStream("cart-" + writer, i == 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(i - 1), List.of(Events.event(streamed)))
                    .get(30, TimeUnit.SECONDS);
            told.put(r.positions().get(0).globalPosition(), streamed);
            written += 2;
        }
        return written;
    }

    /** Tails the order from 0 until {@code count} events, checking each page continues the last one. */
    private static List<String> tail(FileBusLog log, long count) throws Exception {
        List<String> seen = new ArrayList<>();
        long next = 0;
        while (next < count) {
            AllReadBatch b = log.readAll(next, 50, Long.MAX_VALUE);
            for (StoredEvent e : b.events()) {
                assertThat(e.globalPosition()).isEqualTo(next);
                seen.add(e.event().getId());
                next++;
            }
            assertThat(b.nextPosition()).isEqualTo(next);
            if (b.events().isEmpty()) {
                log.whenAllAvailable(next).get(30, TimeUnit.SECONDS);
            }
        }
        return seen;
    }

    private static void assertOwnOrdersKept(List<StoredEvent> all) {
        Map<Integer, Long> lastOffset = new HashMap<>();
        Map<String, Long> lastVersion = new HashMap<>();
        for (StoredEvent e : all) {
            Long before = lastOffset.put(e.partition(), e.offset());
            assertThat(e.offset()).isEqualTo(before == null ? 0 : before + 1);
            if (e.stream() != null) {
                Long version = lastVersion.put(e.stream(), e.version());
                assertThat(e.version()).isEqualTo(version == null ? 0 : version + 1);
            }
        }
    }
}
