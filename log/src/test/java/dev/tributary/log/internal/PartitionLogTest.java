package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.log.LogListener;
import dev.tributary.log.Position;
import dev.tributary.log.ReadBatch;
import dev.tributary.log.StoredEvent;
import io.cloudevents.CloudEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(LogFixture.T0);

    @Test
    void appendsAndReadsBackInOrderWithAppendTimes() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(2), clock)) {
            List<Position> positions = log.append(1, Events.batch("a", 3)).get(5, TimeUnit.SECONDS);
            assertThat(positions).extracting(Position::offset).containsExactly(0L, 1L, 2L);
            assertThat(positions).allSatisfy(p -> {
                assertThat(p.partition()).isEqualTo(1);
                assertThat(p.time()).isEqualTo(Instant.ofEpochMilli(LogFixture.T0));
                assertThat(p.duplicate()).isFalse();
            });
            ReadBatch batch = log.read(1, 0, 10, Long.MAX_VALUE);
            assertThat(Reads.ids(batch.events())).containsExactly("a-0", "a-1", "a-2");
            assertThat(batch.nextOffset()).isEqualTo(3);
            assertThat(batch.endOffset()).isEqualTo(3);
            assertThat(batch.events().get(1).event()).isEqualTo(Events.event("a-1"));
            assertThat(log.read(0, 0, 10, Long.MAX_VALUE).events()).isEmpty();
            assertThat(Files.exists(dir.resolve("1").resolve("00000000000000000000.log"))).isTrue();
        }
    }

    @Test
    void readStopsAtMaxEventsAndMaxBytesButReturnsAtLeastOne() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            log.append(0, Events.batch("a", 10)).get(5, TimeUnit.SECONDS);
            assertThat(log.read(0, 2, 3, Long.MAX_VALUE).events()).extracting(StoredEvent::offset)
                    .containsExactly(2L, 3L, 4L);
            assertThat(log.read(0, 0, 10, 1).events()).hasSize(1);
            assertThat(log.read(0, 10, 10, Long.MAX_VALUE).events()).isEmpty();
            assertThatThrownBy(() -> log.read(0, 0, 10, -1)).hasMessage("maxBytes < 0");
        }
    }

    @Test
    void rollsSegmentsAtTheSizeLimitAndReadsAcrossThem() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            for (int b = 0; b < 30; b++) {
                List<CloudEvent> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(Events.sized("e" + (b * 100 + i), 1000));
                }
                log.append(0, batch).get(5, TimeUnit.SECONDS);
            }
            assertThat(log.state(0).segments()).isGreaterThanOrEqualTo(3);
            assertThat(log.state(0).endOffset()).isEqualTo(3000);
            try (Stream<Path> files = Files.list(dir.resolve("0"))) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log")))
                        .allMatch(n -> n.matches("\\d{20}\\.log"));
            }
            for (Segment s : log.partition(0).segments()) {
                assertThat(s.size()).isLessThanOrEqualTo(1024 * 1024);
            }
            List<StoredEvent> all = Reads.all(log, 0);
            assertThat(all).hasSize(3000);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).offset()).isEqualTo(i);
                assertThat(all.get(i).event().getId()).isEqualTo("e" + i);
            }
            // a read starting in the middle of the second segment
            long second = log.partition(0).segments()[1].baseOffset();
            assertThat(log.read(0, second + 5, 1, Long.MAX_VALUE).events().get(0).offset()).isEqualTo(second + 5);
        }
    }

    @Test
    void offsetAtFindsTheFirstEventAtOrAfterATime() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            for (int i = 0; i < 50; i++) {
                log.append(0, List.of(Events.sized("e" + i, 300))).get(5, TimeUnit.SECONDS);
                clock.advance(Duration.ofSeconds(1));
                if (i == 24) {
                    log.roll(0);
                }
            }
            for (int i = 0; i < 50; i++) {
                assertThat(log.offsetAt(0, Instant.ofEpochMilli(LogFixture.T0 + i * 1000L))).isEqualTo(i);
                assertThat(log.offsetAt(0, Instant.ofEpochMilli(LogFixture.T0 + i * 1000L - 500))).isEqualTo(i);
            }
            assertThat(log.offsetAt(0, Instant.ofEpochMilli(0))).isEqualTo(0);
            assertThat(log.offsetAt(0, Instant.ofEpochMilli(LogFixture.T0 + 60_000))).isEqualTo(50);
        }
    }

    @Test
    void appendTimesNeverGoBackwardsWhenTheClockDoes() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            Position first = log.append(0, List.of(Events.event("a"))).get().get(0);
            clock.advance(Duration.ofSeconds(-30));
            Position second = log.append(0, List.of(Events.event("b"))).get().get(0);
            assertThat(second.time()).isEqualTo(first.time());
        }
    }

    @Test
    void manyConcurrentAppendersGetDistinctContiguousOffsets() throws Exception {
        int threads = 16;
        int each = 200;
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            ConcurrentLinkedQueue<Long> offsets = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            offsets.add(log.append(0, List.of(Events.event("t" + id + "-" + i)))
                                    .get(10, TimeUnit.SECONDS)
                                    .get(0)
                                    .offset());
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                w.start();
                workers.add(w);
            }
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            Set<Long> distinct = new TreeSet<>(offsets);
            assertThat(distinct).hasSize(threads * each);
            assertThat(distinct).first().isEqualTo(0L);
            assertThat(distinct).last().isEqualTo((long) threads * each - 1);
            assertThat(Reads.all(log, 0)).hasSize(threads * each);
        }
    }

    @Test
    void aBatchOfOneWriterIsWrittenInOneGroup() throws Exception {
        List<long[]> groups = new CopyOnWriteArrayList<>();
        LogListener listener = new LogListener() {
            @Override
            public void batchWritten(int partition, int events, long bytes, long writeNanos, long fsyncNanos) {
                groups.add(new long[] {events, bytes});
            }
        };
        try (FileBusLog log = FileBusLog.open(dir, "orders", LogFixture.config(1), clock, listener)) {
            log.append(0, Events.batch("a", 500)).get(5, TimeUnit.SECONDS);
            assertThat(groups).hasSize(1);
            assertThat(groups.get(0)[0]).isEqualTo(500);
            assertThat(groups.get(0)[1]).isEqualTo(log.state(0).bytes());
        }
    }

    @Test
    void aBacklogBeyondOneMebibyteIsCommittedInFullGroups() throws Exception {
        List<Integer> groups = new CopyOnWriteArrayList<>();
        LogListener listener = new LogListener() {
            @Override
            public void batchWritten(int partition, int events, long bytes, long writeNanos, long fsyncNanos) {
                groups.add(events);
            }
        };
        try (FileBusLog log = FileBusLog.open(dir, "orders", LogFixture.config(1), clock, listener)) {
            CountDownLatch release = new CountDownLatch(1);
            log.writer(0).execute(() -> release.await(10, TimeUnit.SECONDS)); // holds the writer while we queue
            List<CompletableFuture<List<Position>>> pending = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                pending.add(log.append(0, List.of(Events.sized("e" + i, 1000))));
            }
            release.countDown();
            for (CompletableFuture<List<Position>> f : pending) {
                f.get(10, TimeUnit.SECONDS);
            }
            // ~1 KiB records, ≤ 1 MiB a group: 3000 events fit in 4 groups (plus one for a segment boundary)
            assertThat(groups).hasSizeLessThanOrEqualTo(5);
            assertThat(groups.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3000);
        }
    }

    @Test
    void whenAvailableCompletesOnceTheOffsetIsCommitted() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            CompletableFuture<Void> waiting = log.whenAvailable(0, 1);
            log.append(0, List.of(Events.event("a"))).get(5, TimeUnit.SECONDS);
            assertThat(waiting).isNotDone();
            log.append(0, List.of(Events.event("b"))).get(5, TimeUnit.SECONDS);
            waiting.get(5, TimeUnit.SECONDS);
            assertThat(log.whenAvailable(0, 0)).isDone();
        }
    }

    @Test
    void partitionOfIsStableAndSpreadsKeys() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(8), clock)) {
            // pinned: CRC32C("order-1") = 1306626156; a change of the function would move every stream
            assertThat(log.partitionOf("order-1")).isEqualTo(1306626156 % 8);
            Set<Integer> used = new TreeSet<>();
            for (int i = 0; i < 100; i++) {
                used.add(log.partitionOf("stream-" + i));
            }
            assertThat(used).hasSize(8);
        }
    }

    @Test
    void reopenKeepsEverythingAcknowledged() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(2), clock)) {
            log.append(0, Events.batch("a", 5)).get(5, TimeUnit.SECONDS);
            log.append(1, Events.batch("b", 3)).get(5, TimeUnit.SECONDS);
        }
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(2), clock)) {
            assertThat(Reads.ids(Reads.all(log, 0))).containsExactly("a-0", "a-1", "a-2", "a-3", "a-4");
            assertThat(Reads.ids(Reads.all(log, 1))).containsExactly("b-0", "b-1", "b-2");
            assertThat(log.append(0, List.of(Events.event("c"))).get().get(0).offset()).isEqualTo(5);
        }
    }

    @Test
    void appendsAfterCloseFail() {
        FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock);
        log.close();
        assertThat(log.append(0, List.of(Events.event("a")))).isCompletedExceptionally();
    }
}
