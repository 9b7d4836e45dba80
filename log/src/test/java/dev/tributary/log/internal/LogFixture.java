package dev.tributary.log.internal;

import dev.tributary.log.Durability;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import java.nio.file.Path;
import java.time.Duration;

/** Opens logs for tests with small, fast settings. */
final class LogFixture {
    static final long T0 = 1_700_000_000_000L;

    private LogFixture() {}

    static LogConfig config(int partitions) {
        return new LogConfig(
                partitions, 1024 * 1024, null, -1, Durability.NONE, Duration.ofMinutes(2), 256, true, "-");
    }

    static FileBusLog open(Path dir, LogConfig config, MutableClock clock) {
        return FileBusLog.open(dir, "orders", config, clock, LogListener.NONE);
    }

    static FileBusLog open(Path dir, LogConfig config, MutableClock clock, FileChannels channels) {
        return FileBusLog.open(dir, "orders", config, clock, LogListener.NONE, channels);
    }
}
