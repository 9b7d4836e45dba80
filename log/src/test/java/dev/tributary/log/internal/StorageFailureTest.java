package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.log.Durability;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import dev.tributary.log.StorageUnavailableException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageFailureTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(LogFixture.T0);
    final FaultyChannels channels = new FaultyChannels();
    final List<Exception> failures = new CopyOnWriteArrayList<>();
    final LogListener listener = new LogListener() {
        @Override
        public void appendFailed(int partition, Exception cause) {
            failures.add(cause);
        }
    };
    final LogConfig config = LogFixture.config(1).withDurability(Durability.FSYNC);

    FileBusLog open() {
        return FileBusLog.open(dir, "orders", config, clock, listener, channels);
    }

    void assertFailsUnavailable(FileBusLog log, String id) {
        assertThatThrownBy(() -> log.append(0, List.of(Events.event(id))).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("bus 'orders' partition 0")
                .hasMessageContaining("00000000000000000000.log");
    }

    @Test
    void aFailedWriteFailsTheAppendShowsNothingAndTheNextAppendSucceeds() throws Exception {
        try (FileBusLog log = open()) {
            log.append(0, Events.batch("ok", 3)).get(5, TimeUnit.SECONDS);
            channels.failWrites = true;
            channels.partialBytes = 17; // a torn write: some bytes reached the file
            assertFailsUnavailable(log, "lost");
            assertThat(log.state(0).endOffset()).isEqualTo(3);
            assertThat(Reads.ids(Reads.all(log, 0))).containsExactly("ok-0", "ok-1", "ok-2");
            assertThat(failures).hasSize(1);
            channels.failWrites = false;
            // the failed event left no dedup entry behind: it is written now, at the next offset
            var p = log.append(0, List.of(Events.event("lost"))).get(5, TimeUnit.SECONDS).get(0);
            assertThat(p.duplicate()).isFalse();
            assertThat(p.offset()).isEqualTo(3);
        }
        try (FileBusLog log = open()) {
            assertThat(Reads.ids(Reads.all(log, 0))).containsExactly("ok-0", "ok-1", "ok-2", "lost");
        }
    }

    @Test
    void aFailedFsyncFailsTheAppendAndLeavesStreamHeadsUntouched() throws Exception {
        try (FileBusLog log = open()) {
            log.appendToStream("s", ExpectedVersion.noStream(), Events.batch("a", 2)).get(5, TimeUnit.SECONDS);
            channels.failForce = true;
            assertThatThrownBy(() -> log.appendToStream("s", ExpectedVersion.exactly(1), Events.batch("b", 2))
                            .get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(StorageUnavailableException.class);
            assertThat(log.streamVersion("s")).isEqualTo(1);
            assertThat(log.state(0).endOffset()).isEqualTo(2);
            channels.failForce = false;
            assertThat(log.appendToStream("s", ExpectedVersion.exactly(1), Events.batch("b", 2))
                            .get(5, TimeUnit.SECONDS)
                            .currentVersion())
                    .isEqualTo(3);
        }
        try (FileBusLog log = open()) {
            assertThat(Reads.ids(Reads.all(log, 0))).containsExactly("a-0", "a-1", "b-0", "b-1");
            assertThat(log.streamVersion("s")).isEqualTo(3);
        }
    }
}
