package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.log.CorruptLogException;
import dev.tributary.log.LogListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(LogFixture.T0);

    Path log(long base) {
        return dir.resolve("0").resolve(SegmentFileNames.baseName(base) + ".log");
    }

    void appendOneByOne(FileBusLog log, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            log.append(0, List.of(Events.event(prefix + "-" + i))).get(5, TimeUnit.SECONDS);
        }
    }

    /** The start positions of every record of a segment file. */
    static List<Long> recordStarts(Path file) throws IOException {
        List<Long> starts = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            RecordScanner scanner = new RecordScanner(ch, 0, ch.size(), 4096);
            while (scanner.next() == RecordScanner.Status.RECORD) {
                starts.add(scanner.position());
            }
        }
        return starts;
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, position);
            b.put(0, (byte) (b.get(0) ^ 0x5A)).position(0);
            ch.write(b, position);
        }
    }

    @Test
    void cuttingTheActiveSegmentMidRecordTruncatesExactlyTheTornRecord() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            appendOneByOne(log, "a", 10);
        }
        List<Long> starts = recordStarts(log(0));
        long size = Files.size(log(0));
        try (FileChannel ch = FileChannel.open(log(0), StandardOpenOption.WRITE)) {
            ch.truncate(size - 5);
        }
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            assertThat(Reads.ids(Reads.all(log, 0))).containsExactly(
                    "a-0", "a-1", "a-2", "a-3", "a-4", "a-5", "a-6", "a-7", "a-8");
            assertThat(Files.size(log(0))).isEqualTo(starts.get(9));
            assertThat(log.append(0, List.of(Events.event("b"))).get().get(0).offset()).isEqualTo(9);
        }
    }

    @Test
    void aStreamAppendCutShortByACrashLeavesNoneOfItsEvents() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            log.appendToStream("s", ExpectedVersion.noStream(), Events.batch("a", 2)).get();
            log.appendToStream("s", ExpectedVersion.exactly(1), Events.batch("b", 3)).get();
        }
        List<Long> starts = recordStarts(log(0));
        assertThat(starts).hasSize(5);
        // the crash came while the second append was being written: its first two records made it, the third half
        try (FileChannel ch = FileChannel.open(log(0), StandardOpenOption.WRITE)) {
            ch.truncate(starts.get(4) + 10);
        }
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            assertThat(Reads.ids(Reads.all(log, 0))).containsExactly("a-0", "a-1");
            assertThat(Files.size(log(0))).isEqualTo(starts.get(2));
            assertThatThrownBy(() -> log.appendToStream("s", ExpectedVersion.exactly(3), Events.batch("c", 1)).get())
                    .hasCauseInstanceOf(dev.tributary.core.eventstore.WrongExpectedVersionException.class);
            assertThat(log.appendToStream("s", ExpectedVersion.exactly(1), Events.batch("b", 3)).get().firstVersion())
                    .isEqualTo(2);
        }
    }

    @Test
    void aFlippedByteInTheLastRecordDropsOnlyThatRecord() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            appendOneByOne(log, "a", 5);
        }
        flipByte(log(0), Files.size(log(0)) - 3);
        List<Path> corrupt = new CopyOnWriteArrayList<>();
        LogListener listener = new LogListener() {
            @Override
            public void corruptionFound(Path file, long position, String reason) {
                corrupt.add(file);
            }
        };
        try (FileBusLog log = FileBusLog.open(dir, "orders", LogFixture.config(1), clock, listener)) {
            assertThat(Reads.ids(Reads.all(log, 0))).containsExactly("a-0", "a-1", "a-2", "a-3");
            assertThat(log.state(0).endOffset()).isEqualTo(4);
        }
        assertThat(corrupt).containsExactly(log(0));
    }

    @Test
    void aFlippedByteInASealedSegmentFailsReadsThereNamingFileAndPosition() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            appendOneByOne(log, "a", 20);
            log.roll(0);
            appendOneByOne(log, "b", 5);
        }
        long tenth = recordStarts(log(0)).get(10);
        flipByte(log(0), tenth + 30);
        List<Long> reported = new CopyOnWriteArrayList<>();
        LogListener listener = new LogListener() {
            @Override
            public void corruptionFound(Path file, long position, String reason) {
                reported.add(position);
            }
        };
        try (FileBusLog log = FileBusLog.open(dir, "orders", LogFixture.config(1), clock, listener)) {
            assertThat(Reads.ids(log.read(0, 0, 10, Long.MAX_VALUE).events())).hasSize(10);
            assertThatThrownBy(() -> log.read(0, 5, 100, Long.MAX_VALUE))
                    .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                        assertThat(e.file()).isEqualTo(log(0));
                        assertThat(e.position()).isEqualTo(tenth);
                        assertThat(e.getMessage()).contains("00000000000000000000.log", "position " + tenth,
                                "bus 'orders' partition 0");
                    });
            assertThat(reported).contains(tenth);
            assertThat(Reads.ids(log.read(0, 20, 100, Long.MAX_VALUE).events())).first().isEqualTo("b-0");
        }
    }

    @Test
    void deletedOrDamagedIndexesAndSnapshotAreRebuilt() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            for (int i = 0; i < 40; i++) {
                log.appendToStream("s", ExpectedVersion.any(), List.of(Events.sized("s-" + i, 200)))
                        .get(5, TimeUnit.SECONDS);
                log.append(0, List.of(Events.sized("p-" + i, 200))).get(5, TimeUnit.SECONDS);
                clock.advance(Duration.ofSeconds(1));
                if (i % 10 == 9) {
                    log.roll(0);
                }
            }
        }
        Path p = dir.resolve("0");
        Files.delete(p.resolve(SegmentFileNames.baseName(0) + ".index"));
        Files.delete(p.resolve(SegmentFileNames.baseName(0) + ".streamindex"));
        try (FileChannel ch = FileChannel.open(p.resolve(SegmentFileNames.baseName(20) + ".timeindex"),
                StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 5);
        }
        try (FileChannel ch = FileChannel.open(p.resolve(SegmentFileNames.baseName(40) + ".index"),
                StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 8); // still well-formed, just stale: reads stay right either way
        }
        Files.write(p.resolve(SegmentFileNames.baseName(60) + ".streamindex"), new byte[] {1, 2, 3});
        Files.delete(p.resolve("streams.snapshot"));
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            List<String> ids = Reads.ids(Reads.all(log, 0));
            assertThat(ids).hasSize(80);
            assertThat(ids.get(0)).isEqualTo("s-0");
            assertThat(ids.get(79)).isEqualTo("p-39");
            for (int i = 0; i < 40; i++) {
                assertThat(log.offsetAt(0, Instant.ofEpochMilli(LogFixture.T0 + i * 1000L))).isEqualTo(2L * i);
            }
            assertThat(log.streamVersion("s")).isEqualTo(39);
            assertThat(log.readStream("s", 0, true, 100).events()).extracting(e -> e.event().getId())
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).mapToObj(i -> "s-" + i)
                            .toList());
        }
        assertThat(Files.exists(p.resolve(SegmentFileNames.baseName(0) + ".index"))).isTrue();
        assertThat(Files.size(p.resolve(SegmentFileNames.baseName(60) + ".streamindex")) % 24).isZero();
        assertThat(Files.exists(p.resolve("streams.snapshot"))).isTrue();
    }

    @Test
    void afterAnUncleanStopStreamHeadsAreTheSnapshotPlusTheRecordsAfterIt() throws Exception {
        Path copy = dir.resolve("copy");
        Path original = dir.resolve("orig");
        try (FileBusLog log = LogFixture.open(original, LogFixture.config(1), clock)) {
            for (int i = 0; i < 5; i++) {
                log.appendToStream("s" + i, ExpectedVersion.any(), Events.batch("a" + i, 2)).get();
            }
            log.roll(0); // writes streams.snapshot covering offsets < 10
            log.appendToStream("s0", ExpectedVersion.exactly(1), Events.batch("b", 3)).get();
            log.appendToStream("new", ExpectedVersion.noStream(), Events.batch("c", 1)).get();
            // copy the files while the log is open: what a crash would leave behind
            try (Stream<Path> files = Files.walk(original)) {
                for (Path f : files.toList()) {
                    Path target = copy.resolve(original.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                }
            }
        }
        try (FileBusLog log = LogFixture.open(copy, LogFixture.config(1), clock)) {
            assertThat(log.streamVersion("s0")).isEqualTo(4);
            assertThat(log.streamVersion("s3")).isEqualTo(1);
            assertThat(log.streamVersion("new")).isEqualTo(0);
            assertThat(log.state(0).endOffset()).isEqualTo(14);
        }
    }
}
