package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.log.LogListener;
import dev.tributary.log.Position;
import dev.tributary.log.WriterPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many logs write on one bounded pool: threads do not grow with partitions, order and isolation hold. */
class WriterPoolTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(LogFixture.T0);

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("tributary-writer-"))
                .count();
    }

    private FileBusLog open(String name, int partitions, WriterPool pool) {
        return FileBusLog.open(dir.resolve(name), name, LogFixture.config(partitions), clock, LogListener.NONE, pool);
    }

    @Test
    void twoHundredPartitionsOfFiftyLogsWriteOnTwoThreads() throws Exception {
        long before = writerThreads();
        List<FileBusLog> logs = new ArrayList<>();
        try (WriterPool pool = WriterPool.of(2)) {
            for (int b = 0; b < 50; b++) {
                logs.add(open("bus-" + b, 4, pool));
            }
            List<CompletableFuture<List<Position>>> appends = new ArrayList<>();
            for (FileBusLog log : logs) {
                for (int p = 0; p < 4; p++) {
                    appends.add(log.append(p, Events.batch("e" + p, 3)));
                }
            }
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(writerThreads() - before).isLessThanOrEqualTo(2);
            for (FileBusLog log : logs) {
                for (int p = 0; p < 4; p++) {
                    assertThat(log.read(p, 0, 10, 1 << 20).events()).hasSize(3);
                }
            }
            logs.forEach(FileBusLog::close);
        }
    }

    @Test
    void appendsToOnePartitionKeepTheirOrderAcrossTurnsOnManyThreads() throws Exception {
        try (WriterPool pool = WriterPool.of(4); FileBusLog log = open("orders", 1, pool)) {
            List<CompletableFuture<List<Position>>> appends = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                appends.add(log.append(0, List.of(Events.event("e" + i))));
            }
            for (int i = 0; i < appends.size(); i++) {
                assertThat(appends.get(i).get(30, TimeUnit.SECONDS).get(0).offset()).isEqualTo(i);
            }
            assertThat(log.read(0, 1_999, 1, 1 << 20).events().get(0).event().getId()).isEqualTo("e1999");
        }
    }

    @Test
    void aPartitionHeldInATurnDoesNotStopTheOthers() throws Exception {
        try (WriterPool pool = WriterPool.of(2); FileBusLog held = open("held", 1, pool);
                FileBusLog other = open("other", 2, pool)) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> holding = held.writer(0).execute(() -> release.await(30, TimeUnit.SECONDS));
            CompletableFuture<List<Position>> waiting = held.append(0, Events.batch("w", 1));
            assertThat(other.append(0, Events.batch("a", 1)).get(10, TimeUnit.SECONDS)).hasSize(1);
            assertThat(other.append(1, Events.batch("b", 1)).get(10, TimeUnit.SECONDS)).hasSize(1);
            assertThat(waiting).isNotDone();
            release.countDown();
            holding.get(10, TimeUnit.SECONDS);
            assertThat(waiting.get(10, TimeUnit.SECONDS).get(0).offset()).isZero();
        }
    }

    @Test
    void aLogWhosePoolWasClosedFailsItsAppendsAndStillCloses() throws Exception {
        WriterPool pool = WriterPool.of(1);
        FileBusLog log = open("orphan", 2, pool);
        pool.close();
        assertThatThrownBy(() -> log.append(1, Events.batch("x", 1)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("writer pool is closed");
        log.close(); // must not wait for a turn that can never run
        assertThatThrownBy(() -> WriterPool.of(0)).hasMessageContaining("1..256");
    }
}
