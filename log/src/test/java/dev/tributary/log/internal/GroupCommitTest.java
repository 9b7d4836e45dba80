package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import dev.tributary.log.Durability;
import dev.tributary.log.LogListener;
import dev.tributary.log.Position;
import dev.tributary.log.StreamAppendResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests held back and then committed in one group: checks see the earlier requests of the same group. */
class GroupCommitTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(LogFixture.T0);

    /** Holds the writer of partition 0 until the returned latch is released. */
    static CountDownLatch holdWriter(FileBusLog log) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        log.writer(0).execute(() -> {
            holding.countDown();
            return release.await(10, TimeUnit.SECONDS);
        });
        // the writer has taken the task off its queue: every place in the queue is free for the test
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    @Test
    void refusesAnAppendAtOnceWhenTheWriterQueueIsFullAndWritesItLater() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            CountDownLatch release = holdWriter(log);
            List<CompletableFuture<List<Position>>> queued = new java.util.ArrayList<>();
            for (int i = 0; i < PartitionWriter.QUEUE_CAPACITY; i++) {
                queued.add(log.append(0, Events.batch("q" + i, 1)));
            }
            CompletableFuture<List<Position>> refused = log.append(0, Events.batch("over", 1));
            assertThat(refused).isCompletedExceptionally();
            assertThat(refused).failsWithin(1, TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(dev.tributary.log.OverloadedException.class);
            release.countDown();
            CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(log.append(0, Events.batch("over", 1)).get(5, TimeUnit.SECONDS).get(0).offset())
                    .isEqualTo(PartitionWriter.QUEUE_CAPACITY);
        }
    }

    @Test
    void twoAppendsWithTheSameExactVersionInOneGroupHaveOneWinner() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            log.appendToStream("s", ExpectedVersion.noStream(), Events.batch("init", 1)).get();
            CountDownLatch release = holdWriter(log);
            CompletableFuture<StreamAppendResult> a =
                    log.appendToStream("s", ExpectedVersion.exactly(0), Events.batch("a", 2));
            CompletableFuture<StreamAppendResult> b =
                    log.appendToStream("s", ExpectedVersion.exactly(0), Events.batch("b", 2));
            release.countDown();
            assertThat(a.get(5, TimeUnit.SECONDS).currentVersion()).isEqualTo(2);
            assertThat(b).failsWithin(5, TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                            e -> assertThat(e.currentVersion()).isEqualTo(2));
            assertThat(log.state(0).endOffset()).isEqualTo(3);
        }
    }

    @Test
    void aRetryQueuedBehindTheOriginalInOneGroupIsADuplicate() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1).withDedupWindow(java.time.Duration.ZERO),
                clock)) {
            CountDownLatch release = holdWriter(log);
            CompletableFuture<StreamAppendResult> original =
                    log.appendToStream("s", ExpectedVersion.noStream(), Events.batch("a", 2));
            CompletableFuture<StreamAppendResult> retry =
                    log.appendToStream("s", ExpectedVersion.noStream(), Events.batch("a", 2));
            release.countDown();
            StreamAppendResult first = original.get(5, TimeUnit.SECONDS);
            StreamAppendResult second = retry.get(5, TimeUnit.SECONDS);
            assertThat(first.duplicate()).isFalse();
            assertThat(second.duplicate()).isTrue();
            assertThat(second.positions()).extracting(Position::offset).containsExactly(0L, 1L);
            assertThat(log.state(0).endOffset()).isEqualTo(2);
        }
    }

    @Test
    void aDuplicateOfAnEventEarlierInTheSameGroupIsNotWrittenTwice() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            CountDownLatch release = holdWriter(log);
            CompletableFuture<List<Position>> a = log.append(0, List.of(Events.event("x")));
            CompletableFuture<List<Position>> b = log.append(0, List.of(Events.event("y"), Events.event("x")));
            release.countDown();
            assertThat(a.get(5, TimeUnit.SECONDS).get(0).offset()).isEqualTo(0);
            List<Position> second = b.get(5, TimeUnit.SECONDS);
            assertThat(second).extracting(Position::offset).containsExactly(1L, 0L);
            assertThat(second).extracting(Position::duplicate).containsExactly(false, true);
            assertThat(log.state(0).endOffset()).isEqualTo(2);
        }
    }

    @Test
    void aRejectedRequestDoesNotDisturbTheOthersInItsGroup() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            CountDownLatch release = holdWriter(log);
            CompletableFuture<List<Position>> before = log.append(0, List.of(Events.event("a")));
            CompletableFuture<List<Position>> bad = log.append(0, List.of(Events.event("b"),
                    io.cloudevents.core.builder.CloudEventBuilder.v1(Events.event("c"))
                            .withExtension("weird", 1.5d)
                            .build()));
            CompletableFuture<List<Position>> after = log.append(0, List.of(Events.event("d")));
            release.countDown();
            assertThat(before.get(5, TimeUnit.SECONDS).get(0).offset()).isEqualTo(0);
            assertThat(bad).failsWithin(5, TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(after.get(5, TimeUnit.SECONDS).get(0).offset()).isEqualTo(1);
            assertThat(Reads.ids(Reads.all(log, 0))).containsExactly("a", "d");
            // "b" was rolled back with its request: it is not a duplicate now
            assertThat(log.append(0, List.of(Events.event("b"))).get().get(0).duplicate()).isFalse();
        }
    }

    @Test
    void nothingIsVisibleBeforeItsGroupIsDurable() throws Exception {
        FaultyChannels channels = new FaultyChannels();
        CountDownLatch gate = new CountDownLatch(1);
        try (FileBusLog log = FileBusLog.open(dir, "orders", LogFixture.config(1).withDurability(Durability.FSYNC),
                clock, LogListener.NONE, channels)) {
            channels.forceGate = gate;
            CompletableFuture<List<Position>> append = log.append(0, Events.batch("a", 3));
            CompletableFuture<Void> available = log.whenAvailable(0, 0);
            assertThat(channels.forceEntered.await(5, TimeUnit.SECONDS)).isTrue();
            // written to the file, not yet fsynced: not acknowledged, so not readable
            assertThat(Files.size(dir.resolve("0").resolve(SegmentFileNames.baseName(0) + ".log"))).isPositive();
            assertThat(log.read(0, 0, 10, Long.MAX_VALUE).events()).isEmpty();
            assertThat(log.state(0).endOffset()).isZero();
            assertThat(append).isNotDone();
            assertThat(available).isNotDone();
            gate.countDown();
            channels.forceGate = null;
            assertThat(append.get(5, TimeUnit.SECONDS)).hasSize(3);
            available.get(5, TimeUnit.SECONDS);
            assertThat(log.read(0, 0, 10, Long.MAX_VALUE).events()).hasSize(3);
        }
    }

    @Test
    void leftoversOfAnInterruptedDeletionAreRemovedOnOpen() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            log.append(0, Events.batch("a", 2)).get();
        }
        Path stale = dir.resolve("0").resolve(SegmentFileNames.baseName(0) + ".log.deleted");
        Path temp = dir.resolve("0").resolve("streams.snapshot.tmp");
        Files.write(stale, new byte[] {1, 2, 3});
        Files.write(temp, new byte[] {4});
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            assertThat(stale).doesNotExist();
            assertThat(temp).doesNotExist();
            assertThat(Reads.all(log, 0)).hasSize(2);
        }
    }
}
