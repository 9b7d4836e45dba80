package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import dev.tributary.log.StoredEvent;
import dev.tributary.log.StreamAppendResult;
import dev.tributary.log.StreamReadBatch;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(LogFixture.T0);

    static StreamAppendResult append(FileBusLog log, String stream, ExpectedVersion expected, List<CloudEvent> events)
            throws Exception {
        try {
            return log.appendToStream(stream, expected, events).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void versionsStartAtZeroAndFollowExpectations() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(4), clock)) {
            assertThat(log.streamVersion("order-1")).isEqualTo(-1);
            StreamAppendResult r = append(log, "order-1", ExpectedVersion.noStream(), Events.batch("a", 2));
            assertThat(r.firstVersion()).isEqualTo(0);
            assertThat(r.currentVersion()).isEqualTo(1);
            assertThat(r.duplicate()).isFalse();
            assertThat(r.positions()).allMatch(p -> p.partition() == log.partitionOf("order-1"));
            assertThat(append(log, "order-1", ExpectedVersion.exists(), Events.batch("b", 1)).currentVersion())
                    .isEqualTo(2);
            assertThat(append(log, "order-1", ExpectedVersion.exactly(2), Events.batch("c", 1)).firstVersion())
                    .isEqualTo(3);
            assertThat(append(log, "order-1", ExpectedVersion.any(), Events.batch("d", 1)).currentVersion())
                    .isEqualTo(4);
            assertThat(log.streamVersion("order-1")).isEqualTo(4);
        }
    }

    @Test
    void rejectsWrongExpectationsWithTheCurrentVersionAndWritesNothing() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            assertThatThrownBy(() -> append(log, "s", ExpectedVersion.exists(), Events.batch("a", 1)))
                    .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                            e -> assertThat(e.currentVersion()).isEqualTo(-1));
            append(log, "s", ExpectedVersion.any(), Events.batch("b", 2));
            assertThatThrownBy(() -> append(log, "s", ExpectedVersion.noStream(), Events.batch("c", 1)))
                    .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                            e -> assertThat(e.currentVersion()).isEqualTo(1));
            assertThatThrownBy(() -> append(log, "s", ExpectedVersion.exactly(5), Events.batch("d", 1)))
                    .isInstanceOf(WrongExpectedVersionException.class)
                    .hasMessageContaining("expected version 5 but the current version is 1");
            assertThat(log.state(0).endOffset()).isEqualTo(2);
        }
    }

    @Test
    void aRetriedAppendReturnsTheOriginalResultMarkedDuplicate() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1).withDedupWindow(java.time.Duration.ZERO),
                clock)) {
            List<CloudEvent> events = Events.batch("a", 3);
            StreamAppendResult first = append(log, "s", ExpectedVersion.noStream(), events);
            append(log, "s", ExpectedVersion.exactly(2), Events.batch("b", 2));
            StreamAppendResult retry = append(log, "s", ExpectedVersion.noStream(), events);
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.firstVersion()).isEqualTo(0);
            assertThat(retry.currentVersion()).isEqualTo(2);
            assertThat(retry.positions()).extracting(p -> p.offset())
                    .isEqualTo(first.positions().stream().map(p -> p.offset()).toList());
            StreamAppendResult retryB = append(log, "s", ExpectedVersion.exactly(2), Events.batch("b", 2));
            assertThat(retryB.duplicate()).isTrue();
            assertThat(retryB.firstVersion()).isEqualTo(3);
            // same versions, different ids: a real conflict
            assertThatThrownBy(() -> append(log, "s", ExpectedVersion.exactly(2), Events.batch("x", 2)))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThat(log.state(0).endOffset()).isEqualTo(5);
        }
    }

    @Test
    void aStreamAppendWhoseEventsAreAllDedupDuplicatesReturnsTheOriginal() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            List<CloudEvent> events = Events.batch("a", 2);
            append(log, "s", ExpectedVersion.any(), events);
            StreamAppendResult again = append(log, "s", ExpectedVersion.any(), events);
            assertThat(again.duplicate()).isTrue();
            assertThat(again.firstVersion()).isEqualTo(0);
            assertThat(again.currentVersion()).isEqualTo(1);
            assertThat(log.state(0).endOffset()).isEqualTo(2);
        }
    }

    @Test
    void twoRacingAppendsWithTheSameExpectedVersionHaveExactlyOneWinner() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            append(log, "s", ExpectedVersion.noStream(), Events.batch("init", 1));
            for (int round = 0; round < 20; round++) {
                long v = log.streamVersion("s");
                CompletableFuture<StreamAppendResult> a =
                        log.appendToStream("s", ExpectedVersion.exactly(v), Events.batch("a" + round, 1));
                CompletableFuture<StreamAppendResult> b =
                        log.appendToStream("s", ExpectedVersion.exactly(v), Events.batch("b" + round, 1));
                int wins = 0;
                for (CompletableFuture<StreamAppendResult> f : List.of(a, b)) {
                    try {
                        f.get(5, TimeUnit.SECONDS);
                        wins++;
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(WrongExpectedVersionException.class);
                    }
                }
                assertThat(wins).isEqualTo(1);
                assertThat(log.streamVersion("s")).isEqualTo(v + 1);
            }
        }
    }

    @Test
    void readsForwardAndBackwardWithLimitsAcrossSegmentsAndAfterReopen() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            for (int i = 0; i < 30; i++) {
                append(log, "s", ExpectedVersion.any(), List.of(Events.event("s-" + i)));
                append(log, "other", ExpectedVersion.any(), List.of(Events.event("o-" + i)));
                if (i % 7 == 6) {
                    log.roll(0);
                }
            }
            assertStreamReads(log);
        }
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            assertStreamReads(log);
            assertThat(append(log, "s", ExpectedVersion.exactly(29), List.of(Events.event("s-30"))).firstVersion())
                    .isEqualTo(30);
        }
    }

    static void assertStreamReads(FileBusLog log) {
        StreamReadBatch forward = log.readStream("s", 5, true, 10);
        assertThat(forward.events()).extracting(StoredEvent::version)
                .containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
        assertThat(Reads.ids(forward.events())).first().isEqualTo("s-5");
        assertThat(forward.events()).allMatch(e -> e.stream().equals("s"));
        assertThat(forward.nextVersion()).isEqualTo(15);
        assertThat(forward.currentVersion()).isEqualTo(29);
        StreamReadBatch tail = log.readStream("s", 25, true, 10);
        assertThat(tail.events()).extracting(StoredEvent::version).containsExactly(25L, 26L, 27L, 28L, 29L);
        assertThat(tail.nextVersion()).isEqualTo(30);
        StreamReadBatch backward = log.readStream("s", Long.MAX_VALUE, false, 3);
        assertThat(backward.events()).extracting(StoredEvent::version).containsExactly(29L, 28L, 27L);
        assertThat(backward.nextVersion()).isEqualTo(26);
        StreamReadBatch start = log.readStream("s", 1, false, 5);
        assertThat(start.events()).extracting(StoredEvent::version).containsExactly(1L, 0L);
        assertThat(start.nextVersion()).isEqualTo(-1);
        StreamReadBatch missing = log.readStream("nope", 0, true, 5);
        assertThat(missing.events()).isEmpty();
        assertThat(missing.currentVersion()).isEqualTo(-1);
    }
}
