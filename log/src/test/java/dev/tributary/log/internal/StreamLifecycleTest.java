package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.StreamDeletedException;
import dev.tributary.core.eventstore.StreamMetadata;
import dev.tributary.core.eventstore.StreamNotFoundException;
import dev.tributary.core.eventstore.StreamState;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import dev.tributary.log.IndexKey;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import dev.tributary.log.StoredEvent;
import dev.tributary.log.StreamReadBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamLifecycleTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(LogFixture.T0);

    FileBusLog open() {
        return FileBusLog.open(dir, "orders", LogFixture.config(2), clock, LogListener.NONE);
    }

    static void append(FileBusLog log, String stream, String prefix, int n) throws Exception {
        log.appendToStream(stream, ExpectedVersion.any(), Events.batch(prefix, n)).get(5, TimeUnit.SECONDS);
    }

    static List<String> stream(FileBusLog log, String stream) {
        return GlobalOrderTest.ids(log.readStream(stream, 0, true, 100).events());
    }

    /** The ids of the stream's events in every read that can return them. */
    static List<List<String>> everyRead(FileBusLog log, String stream) {
        List<StoredEvent> all = GlobalOrderTest.readAll(log).stream().filter(e -> stream.equals(e.stream())).toList();
        List<StoredEvent> category = KeyIndexTest.readIndex(log, IndexKey.category(log.config().categoryOf(stream)),
                10).stream().filter(e -> stream.equals(e.stream())).toList();
        List<StoredEvent> partition = log.read(log.partitionOf(stream), 0, 1000, Long.MAX_VALUE).events().stream()
                .filter(e -> stream.equals(e.stream())).toList();
        return List.of(stream(log, stream), GlobalOrderTest.ids(all), GlobalOrderTest.ids(category),
                GlobalOrderTest.ids(partition));
    }

    static StreamState set(FileBusLog log, String stream, StreamMetadata m) throws Exception {
        return log.setStreamMetadata(stream, m).get(5, TimeUnit.SECONDS);
    }

    @Test
    void maxCountAndTruncateBeforeHideOlderVersionsFromEveryReadAndTellTheFirstReadable() throws Exception {
        try (FileBusLog log = open()) {
            append(log, "cart-1", "c", 5);
            append(log, "order-1", "o", 2);
            StreamState state = set(log, "cart-1", StreamMetadata.NONE.withMaxCount(2));
            assertThat(state.firstVersion()).isEqualTo(3);
            assertThat(everyRead(log, "cart-1")).allSatisfy(ids -> assertThat(ids).containsExactly("c-3", "c-4"));
            StreamReadBatch batch = log.readStream("cart-1", 0, true, 100);
            assertThat(batch.firstVersion()).isEqualTo(3);
            assertThat(batch.currentVersion()).isEqualTo(4);
            assertThat(GlobalOrderTest.ids(log.readStream("cart-1", Long.MAX_VALUE, false, 10).events()))
                    .containsExactly("c-4", "c-3");
            assertThat(log.readStream("cart-1", Long.MAX_VALUE, false, 2).nextVersion()).isEqualTo(-1);
            append(log, "cart-1", "d", 1); // the window moves with the stream
            assertThat(stream(log, "cart-1")).containsExactly("c-4", "d-0");

            set(log, "cart-1", StreamMetadata.NONE.withTruncateBefore(5));
            assertThat(everyRead(log, "cart-1")).allSatisfy(ids -> assertThat(ids).containsExactly("d-0"));
            assertThat(stream(log, "order-1")).containsExactly("o-0", "o-1");
            set(log, "cart-1", StreamMetadata.NONE); // limits off: the events were never gone
            assertThat(stream(log, "cart-1")).hasSize(6);
            assertThat(GlobalOrderTest.positions(GlobalOrderTest.readAll(log))).isEqualTo(GlobalOrderTest.range(0, 8));
        }
    }

    @Test
    void maxAgeHidesEventsOnceTheyAreOlder() throws Exception {
        try (FileBusLog log = open()) {
            append(log, "cart-2", "old", 2);
            clock.advance(Duration.ofMinutes(30));
            append(log, "cart-2", "new", 1);
            set(log, "cart-2", StreamMetadata.NONE.withMaxAge(Duration.ofHours(1)));
            assertThat(stream(log, "cart-2")).containsExactly("old-0", "old-1", "new-0");
            clock.advance(Duration.ofMinutes(45));
            assertThat(everyRead(log, "cart-2")).allSatisfy(ids -> assertThat(ids).containsExactly("new-0"));
        }
    }

    @Test
    void aSoftDeleteHidesTheStreamWhoseVersionsThenGoOnAndOtherPositionsStay() throws Exception {
        try (FileBusLog log = open()) {
            append(log, "cart-3", "a", 3);
            append(log, "order-3", "o", 1);
            List<Long> before = GlobalOrderTest.positions(GlobalOrderTest.readAll(log).stream()
                    .filter(e -> "order-3".equals(e.stream())).toList());
            StreamState deleted = log.deleteStream("cart-3", ExpectedVersion.exactly(2), false).get(5, TimeUnit.SECONDS);
            assertThat(deleted.firstVersion()).isEqualTo(3);
            assertThat(deleted.deleted()).isFalse();
            assertThat(everyRead(log, "cart-3")).allSatisfy(ids -> assertThat(ids).isEmpty());
            assertThat(log.readStream("cart-3", 0, true, 10).nextVersion()).isEqualTo(3);

            var again = log.appendToStream("cart-3", ExpectedVersion.exactly(2), Events.batch("b", 1))
                    .get(5, TimeUnit.SECONDS);
            assertThat(again.firstVersion()).isEqualTo(3);
            assertThat(everyRead(log, "cart-3")).allSatisfy(ids -> assertThat(ids).containsExactly("b-0"));
            assertThat(GlobalOrderTest.positions(GlobalOrderTest.readAll(log).stream()
                    .filter(e -> "order-3".equals(e.stream())).toList())).isEqualTo(before);
        }
        try (FileBusLog log = open()) {
            assertThat(stream(log, "cart-3")).containsExactly("b-0");
        }
    }

    @Test
    void aHardDeleteRefusesAppendsReadsAndMetadataForGoodAcrossARestart() throws Exception {
        try (FileBusLog log = open()) {
            append(log, "cart-4", "a", 2);
            log.deleteStream("cart-4", ExpectedVersion.any(), true).get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> log.appendToStream("cart-4", ExpectedVersion.any(), Events.batch("x", 1))
                    .get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(StreamDeletedException.class)
                    .hasMessageContaining("cart-4");
            assertThatThrownBy(() -> log.readStream("cart-4", 0, true, 10)).isInstanceOf(StreamDeletedException.class);
            assertThatThrownBy(() -> set(log, "cart-4", StreamMetadata.NONE))
                    .cause()
                    .isInstanceOf(StreamDeletedException.class);
            assertThat(GlobalOrderTest.readAll(log)).noneMatch(e -> "cart-4".equals(e.stream()));
        }
        try (FileBusLog log = open()) {
            assertThat(log.streamState("cart-4").deleted()).isTrue();
            assertThatThrownBy(() -> log.appendToStream("cart-4", ExpectedVersion.any(), Events.batch("y", 1))
                    .get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(StreamDeletedException.class);
            assertThat(GlobalOrderTest.readAll(log)).isEmpty();
        }
    }

    @Test
    void aDeleteWithAWrongExpectedVersionOrOfAnUnknownStreamChangesNothing() throws Exception {
        try (FileBusLog log = open()) {
            append(log, "cart-5", "a", 2);
            assertThatThrownBy(() -> log.deleteStream("cart-5", ExpectedVersion.exactly(0), true)
                    .get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                            e -> assertThat(e.currentVersion()).isEqualTo(1));
            assertThatThrownBy(() -> log.deleteStream("cart-none", ExpectedVersion.any(), false)
                    .get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(StreamNotFoundException.class);
            assertThat(stream(log, "cart-5")).containsExactly("a-0", "a-1");
            assertThat(log.streamState("cart-5").metadata()).isEqualTo(StreamMetadata.NONE);
        }
    }

    @Test
    void metadataSurvivesARestartAndATornLastChangeIsCut() throws Exception {
        int partition;
        try (FileBusLog log = open()) {
            append(log, "cart-6", "a", 4);
            set(log, "cart-6", StreamMetadata.NONE.withMaxCount(3).withCustom("{\"owner\":\"ann\"}"));
            set(log, "cart-6", StreamMetadata.NONE.withMaxCount(1).withCustom("{\"owner\":\"bob\"}"));
            partition = log.partitionOf("cart-6");
        }
        Path file = dir.resolve(Integer.toString(partition)).resolve(StreamMetadataStore.FILE);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3)); // the second change, torn
        try (FileBusLog log = open()) {
            StreamState state = log.streamState("cart-6");
            assertThat(state.metadata().maxCount()).isEqualTo(3);
            assertThat(state.metadata().custom()).isEqualTo("{\"owner\":\"ann\"}");
            assertThat(stream(log, "cart-6")).containsExactly("a-1", "a-2", "a-3");
            set(log, "cart-6", StreamMetadata.NONE.withMaxCount(2)); // and takes changes after the cut
        }
        try (FileBusLog log = open()) {
            assertThat(stream(log, "cart-6")).containsExactly("a-2", "a-3");
        }
        Files.write(file, new byte[] {9}, StandardOpenOption.APPEND);
        try (FileBusLog log = open()) {
            assertThat(log.streamState("cart-6").metadata().maxCount()).isEqualTo(2);
        }
    }

    @Test
    void segmentsHoldingOnlyHiddenEventsAreReclaimedAndTheRestKeepTheirPositions() throws Exception {
        LogConfig config = LogFixture.config(1);
        try (FileBusLog log = FileBusLog.open(dir, "orders", config, clock, LogListener.NONE)) {
            append(log, "cart-7", "gone", 5);
            log.roll(0);
            append(log, "order-7", "kept", 2);
            log.roll(0);
            assertThat(log.enforceRetention()).isZero();
            log.deleteStream("cart-7", ExpectedVersion.any(), false).get(5, TimeUnit.SECONDS);
            assertThat(log.enforceRetention()).isEqualTo(1);
            assertThat(log.state(0).startOffset()).isEqualTo(5);
            assertThat(GlobalOrderTest.positions(GlobalOrderTest.readAll(log))).containsExactly(5L, 6L);
            assertThat(log.enforceRetention()).isZero(); // the next segment holds visible events
        }
    }
}
