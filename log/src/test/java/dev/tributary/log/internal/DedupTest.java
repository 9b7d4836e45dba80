package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.log.Position;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(LogFixture.T0);

    @Test
    void aDuplicateWithinTheWindowReturnsTheOriginalPositionAndWritesNothing() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            Position original = log.append(0, List.of(Events.event("a"))).get().get(0);
            clock.advance(Duration.ofSeconds(30));
            Position again = log.append(0, List.of(Events.event("/test", "a", "other payload"))).get().get(0);
            assertThat(again.duplicate()).isTrue();
            assertThat(again.offset()).isEqualTo(original.offset());
            assertThat(again.time()).isEqualTo(original.time());
            assertThat(log.state(0).endOffset()).isEqualTo(1);
        }
    }

    @Test
    void aBatchWithSomeDuplicatesWritesOnlyTheOthersAndAnswersInRequestOrder() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            log.append(0, List.of(Events.event("b"), Events.event("d"))).get();
            List<CloudEvent> batch = List.of(
                    Events.event("a"), Events.event("b"), Events.event("c"), Events.event("d"), Events.event("a"));
            List<Position> positions = log.append(0, batch).get(5, TimeUnit.SECONDS);
            assertThat(positions).extracting(Position::offset).containsExactly(2L, 0L, 3L, 1L, 2L);
            assertThat(positions).extracting(Position::duplicate).containsExactly(false, true, false, true, true);
            assertThat(Reads.ids(Reads.all(log, 0))).containsExactly("b", "d", "a", "c");
        }
    }

    @Test
    void sameIdFromAnotherSourceIsNotADuplicate() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            log.append(0, List.of(Events.event("/one", "x", "1"))).get();
            Position p = log.append(0, List.of(Events.event("/two", "x", "2"))).get().get(0);
            assertThat(p.duplicate()).isFalse();
            assertThat(p.offset()).isEqualTo(1);
        }
    }

    @Test
    void entriesExpireAfterTheWindow() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            log.append(0, List.of(Events.event("a"))).get();
            clock.advance(Duration.ofMinutes(2).plusMillis(1));
            Position p = log.append(0, List.of(Events.event("a"))).get().get(0);
            assertThat(p.duplicate()).isFalse();
            assertThat(p.offset()).isEqualTo(1);
        }
    }

    @Test
    void theWindowIsRebuiltAfterReopen() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            log.append(0, List.of(Events.event("old"))).get();
            clock.advance(Duration.ofMinutes(3));
            log.append(0, Events.batch("new", 3)).get();
        }
        clock.advance(Duration.ofSeconds(10));
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1), clock)) {
            assertThat(log.append(0, List.of(Events.event("new-1"))).get().get(0).duplicate()).isTrue();
            assertThat(log.append(0, List.of(Events.event("old"))).get().get(0).duplicate()).isFalse();
            assertThat(log.state(0).endOffset()).isEqualTo(5);
        }
    }

    @Test
    void aZeroWindowDisablesDedup() throws Exception {
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(1).withDedupWindow(Duration.ZERO), clock)) {
            log.append(0, List.of(Events.event("a"))).get();
            assertThat(log.append(0, List.of(Events.event("a"))).get().get(0).duplicate()).isFalse();
            assertThat(log.state(0).endOffset()).isEqualTo(2);
        }
    }
}
