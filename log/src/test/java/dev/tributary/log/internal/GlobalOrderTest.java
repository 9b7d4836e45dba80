package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.PositionOutOfRangeException;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.Durability;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import dev.tributary.log.Position;
import dev.tributary.log.StorageUnavailableException;
import dev.tributary.log.StoredEvent;
import dev.tributary.log.StreamAppendResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalOrderTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(LogFixture.T0);
    final FaultyChannels channels = new FaultyChannels();

    FileBusLog open(LogConfig config) {
        return FileBusLog.open(dir, "orders", config, clock, LogListener.NONE, channels, null, 8, 16);
    }

    static List<StoredEvent> readAll(FileBusLog log) {
        List<StoredEvent> out = new ArrayList<>();
        long from = log.firstPosition();
        while (true) {
            AllReadBatch b = log.readAll(from, 7, Long.MAX_VALUE);
            out.addAll(b.events());
            if (b.nextPosition() >= b.endPosition()) {
                return out;
            }
            from = b.nextPosition();
        }
    }

    static List<Long> positions(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::globalPosition).toList();
    }

    static List<String> ids(List<StoredEvent> events) {
        return events.stream().map(e -> e.event().getId()).toList();
    }

    static List<Long> range(long from, long to) {
        return Stream.iterate(from, i -> i < to, i -> i + 1).toList();
    }

    @Test
    void everyAppendGetsTheNextGlobalPositionsAcrossPartitions() throws Exception {
        try (FileBusLog log = open(LogFixture.config(3))) {
            List<Position> a = log.append(0, Events.batch("a", 3)).get(5, TimeUnit.SECONDS);
            List<Position> b = log.append(2, Events.batch("b", 2)).get(5, TimeUnit.SECONDS);
            StreamAppendResult c = log.appendToStream("cart-1", ExpectedVersion.noStream(), Events.batch("c", 2))
                    .get(5, TimeUnit.SECONDS);

            assertThat(a).extracting(Position::globalPosition).containsExactly(0L, 1L, 2L);
            assertThat(b).extracting(Position::globalPosition).containsExactly(3L, 4L);
            assertThat(c.positions()).extracting(Position::globalPosition).containsExactly(5L, 6L);
            List<StoredEvent> all = readAll(log);
            assertThat(positions(all)).isEqualTo(range(0, 7));
            assertThat(ids(all)).containsExactly("a-0", "a-1", "a-2", "b-0", "b-1", "c-0", "c-1");
            assertThat(all.get(5).stream()).isEqualTo("cart-1");
            assertThat(all.get(3).partition()).isEqualTo(2);
            assertThat(all.get(3).offset()).isEqualTo(0);
        }
    }

    @Test
    void aDuplicateIsNotGivenANewPosition() throws Exception {
        try (FileBusLog log = open(LogFixture.config(1))) {
            log.append(0, List.of(Events.event("x"))).get(5, TimeUnit.SECONDS);
            Position again = log.append(0, List.of(Events.event("x"))).get(5, TimeUnit.SECONDS).get(0);
            assertThat(again.duplicate()).isTrue();
            assertThat(log.readAll(0, 10, Long.MAX_VALUE).endPosition()).isEqualTo(1);
        }
    }

    @Test
    void readsBackwardNewestFirstInPages() throws Exception {
        try (FileBusLog log = open(LogFixture.config(2))) {
            for (int i = 0; i < 5; i++) {
                log.append(i % 2, Events.batch("e" + i, 3)).get(5, TimeUnit.SECONDS);
            }
            List<Long> seen = new ArrayList<>();
            long from = Long.MAX_VALUE;
            while (from >= 0) {
                AllReadBatch b = log.readAllBackward(from, 4, Long.MAX_VALUE);
                seen.addAll(positions(b.events()));
                from = b.nextPosition();
            }
            List<Long> expected = new ArrayList<>(range(0, 15));
            java.util.Collections.reverse(expected);
            assertThat(seen).isEqualTo(expected);
            assertThat(ids(log.readAllBackward(4, 2, Long.MAX_VALUE).events())).containsExactly("e1-1", "e1-0");
        }
    }

    @Test
    void aReadFromTheMiddleOfAGroupStartsAtThatPosition() throws Exception {
        try (FileBusLog log = open(LogFixture.config(2))) {
            log.append(0, Events.batch("a", 5)).get(5, TimeUnit.SECONDS);
            log.append(1, Events.batch("b", 5)).get(5, TimeUnit.SECONDS);
            AllReadBatch b = log.readAll(3, 4, Long.MAX_VALUE);
            assertThat(ids(b.events())).containsExactly("a-3", "a-4", "b-0", "b-1");
            assertThat(b.nextPosition()).isEqualTo(7);
            assertThat(b.endPosition()).isEqualTo(10);
        }
    }

    @Test
    void theOrderIsTheSameAfterARestartAndAcrossItsFiles() throws Exception {
        List<StoredEvent> before;
        try (FileBusLog log = open(LogFixture.config(4))) {
            for (int i = 0; i < 40; i++) { // 40 groups: five order files of 8 entries
                log.append(i % 4, Events.batch("e" + i, 1 + i % 3)).get(5, TimeUnit.SECONDS);
            }
            before = readAll(log);
        }
        assertThat(orderFiles()).hasSize(5);
        try (FileBusLog log = open(LogFixture.config(4))) {
            List<StoredEvent> after = readAll(log);
            assertThat(ids(after)).isEqualTo(ids(before));
            assertThat(positions(after)).isEqualTo(range(0, before.size()));
            Position next = log.append(1, List.of(Events.event("next"))).get(5, TimeUnit.SECONDS).get(0);
            assertThat(next.globalPosition()).isEqualTo(before.size());
        }
    }

    @Test
    void eventsWhoseEntriesACrashLostAreOrderedAtTheNextOpenAfterTheOthers() throws Exception {
        try (FileBusLog log = open(LogFixture.config(2))) {
            log.append(0, Events.batch("a", 2)).get(5, TimeUnit.SECONDS);
            log.append(1, Events.batch("b", 2)).get(5, TimeUnit.SECONDS);
            log.append(0, Events.batch("c", 2)).get(5, TimeUnit.SECONDS);
        }
        // the crash came after the last group was durable and while its entry was being written: tear it
        Path order = orderFiles().get(0);
        try (FileChannel ch = FileChannel.open(order, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(order) - 5);
        }
        try (FileBusLog log = open(LogFixture.config(2))) {
            List<StoredEvent> all = readAll(log);
            assertThat(ids(all)).containsExactly("a-0", "a-1", "b-0", "b-1", "c-0", "c-1");
            assertThat(positions(all)).isEqualTo(range(0, 6));
        }
    }

    @Test
    void filesAsAKillLeavesThemOpenWithTheZerosAheadOfTheEntriesAndTheSameOrder() throws Exception {
        Path copy = Files.createTempDirectory(dir.getParent(), "killed");
        List<StoredEvent> before;
        try (FileBusLog log = open(LogFixture.config(3))) {
            for (int i = 0; i < 20; i++) {
                log.append(i % 3, Events.batch("e" + i, 2)).get(5, TimeUnit.SECONDS);
            }
            before = readAll(log);
            // four entries in the last file, and the zeros kept ahead of them
            assertThat(Files.size(orderFiles().get(orderFiles().size() - 1)))
                    .isGreaterThanOrEqualTo(OrderSegment.MIN_PREALLOCATE);
            try (Stream<Path> files = Files.walk(dir)) { // what the disk holds while the node runs
                for (Path f : files.toList()) {
                    Path to = copy.resolve(dir.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
        }
        try (FileBusLog log = FileBusLog.open(copy, "orders", LogFixture.config(3), clock, LogListener.NONE,
                channels, null, 8, 16)) {
            assertThat(ids(readAll(log))).isEqualTo(ids(before));
            assertThat(log.append(0, List.of(Events.event("next"))).get(5, TimeUnit.SECONDS).get(0).globalPosition())
                    .isEqualTo(40);
            assertThat(ids(readAll(log))).endsWith("next");
        }
    }

    @Test
    void anEntryWithABadChecksumIsCutAndItsEventsOrderedAgain() throws Exception {
        try (FileBusLog log = open(LogFixture.config(2))) {
            log.append(0, Events.batch("a", 1)).get(5, TimeUnit.SECONDS);
            log.append(1, Events.batch("b", 1)).get(5, TimeUnit.SECONDS);
            log.append(0, Events.batch("c", 1)).get(5, TimeUnit.SECONDS);
        }
        Path order = orderFiles().get(0);
        try (FileChannel ch = FileChannel.open(order, StandardOpenOption.WRITE)) {
            long second = OrderSegment.headerBytes(2) + OrderSegment.ENTRY_BYTES;
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xff}), second + 9);
        }
        try (FileBusLog log = open(LogFixture.config(2))) {
            // partition by partition after the cut: c (partition 0) before b (partition 1)
            assertThat(ids(readAll(log))).containsExactly("a-0", "c-0", "b-0");
        }
    }

    @Test
    void aBusMadeBeforeTheGlobalOrderGetsOneAtItsNextOpen() throws Exception {
        try (FileBusLog log = open(LogFixture.config(2).withGlobalOrder(false))) {
            log.append(1, Events.batch("b", 2)).get(5, TimeUnit.SECONDS);
            log.append(0, Events.batch("a", 1)).get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> log.readAll(0, 1, 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("keeps no global order");
        }
        try (FileBusLog log = open(LogFixture.config(2))) {
            assertThat(ids(readAll(log))).containsExactly("a-0", "b-0", "b-1");
        }
    }

    @Test
    void positionsBeyondTheEndOrNegativeAreRefusedAndTheEndIsALiveTail() throws Exception {
        try (FileBusLog log = open(LogFixture.config(1))) {
            log.append(0, Events.batch("a", 3)).get(5, TimeUnit.SECONDS);
            assertThat(log.readAll(3, 10, Long.MAX_VALUE).events()).isEmpty();
            assertThatThrownBy(() -> log.readAll(4, 10, Long.MAX_VALUE))
                    .isInstanceOf(PositionOutOfRangeException.class)
                    .hasMessageContaining("global position 4 is beyond the end; the next position to be written is 3");
            assertThatThrownBy(() -> log.readAll(-1, 10, Long.MAX_VALUE))
                    .isInstanceOf(IllegalArgumentException.class);
            var waiting = log.whenAllAvailable(3);
            assertThat(waiting).isNotDone();
            assertThat(log.whenAllAvailable(2)).isDone();
            log.append(0, List.of(Events.event("d"))).get(5, TimeUnit.SECONDS);
            waiting.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void retentionDropsPositionsWithTheirEventsAndKeepsTheOthersWhereTheyWere() throws Exception {
        LogConfig config = LogFixture.config(2).withRetention(Duration.ofHours(1), -1);
        try (FileBusLog log = open(config)) {
            for (int i = 0; i < 12; i++) {
                log.append(i % 2, Events.batch("old" + i, 2)).get(5, TimeUnit.SECONDS);
            }
            log.roll(0);
            log.roll(1);
            clock.advance(Duration.ofHours(2));
            for (int i = 0; i < 4; i++) {
                log.append(i % 2, Events.batch("new" + i, 1)).get(5, TimeUnit.SECONDS);
            }
            assertThat(log.enforceRetention()).isEqualTo(2);
            AllReadBatch first = log.readAll(24, 100, Long.MAX_VALUE);
            assertThat(first.firstPosition()).isEqualTo(24);
            assertThat(ids(first.events())).containsExactly("new0-0", "new1-0", "new2-0", "new3-0");
            assertThat(positions(first.events())).containsExactly(24L, 25L, 26L, 27L);
            assertThatThrownBy(() -> log.readAll(5, 10, Long.MAX_VALUE))
                    .isInstanceOf(PositionOutOfRangeException.class)
                    .hasMessageContaining("the first readable position is 24");
            // 16 entries in two order files: the first names only deleted events
            assertThat(orderFiles()).hasSize(1);
        }
        try (FileBusLog log = open(config)) {
            assertThat(positions(readAll(log))).containsExactly(24L, 25L, 26L, 27L);
        }
    }

    @Test
    void anOrderThatCannotBeWrittenFailsAppendsUntilReopenedAndLosesNothing() throws Exception {
        LogConfig config = LogFixture.config(2).withDurability(Durability.FSYNC);
        try (FileBusLog log = open(config)) {
            log.append(0, Events.batch("ok", 1)).get(5, TimeUnit.SECONDS);
            channels.failing = path -> path.toString().endsWith(".order");
            channels.failForce = true;
            assertThatThrownBy(() -> log.append(1, Events.batch("stored", 1)).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("global order could not be written");
            channels.failForce = false;
            assertThatThrownBy(() -> log.append(0, Events.batch("refused", 1)).get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("until the node restarts");
            assertThat(log.state(0).endOffset()).isEqualTo(1);
        }
        try (FileBusLog log = open(config)) {
            assertThat(ids(readAll(log))).containsExactly("ok-0", "stored-0");
            log.append(0, Events.batch("later", 1)).get(5, TimeUnit.SECONDS);
            assertThat(ids(readAll(log))).containsExactly("ok-0", "stored-0", "later-0");
        }
    }

    @Test
    void aReadStopsAtMaxBytesAfterAtLeastOneEvent() throws Exception {
        try (FileBusLog log = open(LogFixture.config(1))) {
            log.append(0, List.of(Events.sized("big", 2000), Events.sized("next", 10))).get(5, TimeUnit.SECONDS);
            AllReadBatch b = log.readAll(0, 10, 100);
            assertThat(ids(b.events())).containsExactly("big");
            assertThat(b.nextPosition()).isEqualTo(1);
        }
    }

    private List<Path> orderFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("order"))) {
            return files.filter(f -> f.toString().endsWith(".order")).sorted().toList();
        }
    }
}
