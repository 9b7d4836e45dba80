package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.log.LogConfig;
import dev.tributary.log.OffsetOutOfRangeException;
import dev.tributary.log.PartitionState;
import dev.tributary.log.ReadBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(LogFixture.T0);

    void fillSegment(FileBusLog log, String prefix) throws Exception {
        for (int i = 0; i < 4; i++) {
            log.append(0, List.of(Events.sized(prefix + i, 200_000))).get();
        }
        log.roll(0);
    }

    @Test
    void deletesOldestSegmentsBeyondTheSizeBudgetAndMovesTheStart() throws Exception {
        LogConfig config = LogFixture.config(1).withRetention(null, 2L * 1024 * 1024);
        try (FileBusLog log = LogFixture.open(dir, config, clock)) {
            for (int s = 0; s < 5; s++) {
                fillSegment(log, "s" + s + "-");
            }
            assertThat(log.state(0).segments()).isEqualTo(6);
            int deleted = log.enforceRetention();
            PartitionState state = log.state(0);
            assertThat(deleted).isEqualTo(3);
            assertThat(state.bytes()).isLessThanOrEqualTo(2L * 1024 * 1024);
            assertThat(state.startOffset()).isEqualTo(12);
            assertThat(state.endOffset()).isEqualTo(20);
            assertThatThrownBy(() -> log.read(0, 3, 10, Long.MAX_VALUE))
                    .isInstanceOfSatisfying(OffsetOutOfRangeException.class,
                            e -> assertThat(e.earliestOffset()).isEqualTo(12))
                    .hasMessageContaining("earliest available offset is 12");
            assertThat(log.read(0, 12, 1, Long.MAX_VALUE).events().get(0).event().getId()).isEqualTo("s3-0");
            try (Stream<Path> files = Files.list(dir.resolve("0"))) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log")))
                        .hasSize(3);
            }
        }
        try (FileBusLog log = LogFixture.open(dir, config, clock)) {
            assertThat(log.state(0).startOffset()).isEqualTo(12);
        }
    }

    @Test
    void deletesSegmentsOlderThanTheAgeAndRollsAQuietActiveSegment() throws Exception {
        LogConfig config = LogFixture.config(1).withRetention(Duration.ofHours(1), -1);
        try (FileBusLog log = LogFixture.open(dir, config, clock)) {
            fillSegment(log, "old-");
            clock.advance(Duration.ofMinutes(90));
            log.append(0, List.of(Events.event("recent"))).get();
            assertThat(log.enforceRetention()).isEqualTo(1);
            assertThat(log.state(0).startOffset()).isEqualTo(4);
            assertThat(Reads.ids(Reads.all(log, 0))).containsExactly("recent");
            // nothing arrives for a while: the active segment itself expires
            clock.advance(Duration.ofMinutes(90));
            assertThat(log.enforceRetention()).isEqualTo(1);
            PartitionState state = log.state(0);
            assertThat(state.segments()).isEqualTo(1);
            assertThat(state.startOffset()).isEqualTo(5);
            assertThat(state.endOffset()).isEqualTo(5);
            assertThat(log.read(0, 5, 10, Long.MAX_VALUE).events()).isEmpty();
            assertThat(log.append(0, List.of(Events.event("next"))).get().get(0).offset()).isEqualTo(5);
        }
    }

    @Test
    void aReaderRacingADeletionGetsOffsetOutOfRange() throws Exception {
        LogConfig config = LogFixture.config(1).withRetention(Duration.ofHours(1), -1);
        try (FileBusLog log = LogFixture.open(dir, config, clock)) {
            fillSegment(log, "old-");
            Segment oldest = log.partition(0).segments()[0];
            assertThat(oldest.acquire()).isTrue(); // a reader in the middle of a read
            clock.advance(Duration.ofHours(2));
            log.enforceRetention();
            // the reader can still finish its read of the renamed file
            ReadBatch still = log.read(0, 4, 1, Long.MAX_VALUE);
            assertThat(still.events()).isEmpty();
            oldest.release();
            assertThat(oldest.acquire()).isFalse();
            assertThatThrownBy(() -> log.read(0, 0, 1, Long.MAX_VALUE)).isInstanceOf(OffsetOutOfRangeException.class);
            try (Stream<Path> files = Files.list(dir.resolve("0"))) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".deleted"));
            }
        }
    }
}
