package dev.tributary.bench;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.log.BusLog;
import dev.tributary.log.Durability;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import dev.tributary.log.StreamAppendResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable stream appends with an exact expected version, from one writer: each append of one 1 KB event states the
 * version the previous append returned, so every append passes the optimistic-concurrency check. The writer cycles
 * over {@code streams} streams (one stream: every append waits for the previous one's fsync).
 *
 * <p>Single-threaded by design ({@code @Threads(1)}): the expected versions are the writer's own state.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@State(Scope.Thread)
public class StreamAppendBenchmark {

    @Param({"1"})
    public int streams;

    @Param({"4"})
    public int partitions;

    @Param({"1024"})
    public int eventBytes;

    private Path dir;
    private BusLog log;
    private byte[] data;
    private String[] names;
    private long[] versions;
    private int next;
    private long sequence;
    private final String prefix = UUID.randomUUID() + "-";

    @Setup(Level.Trial)
    public void open() {
        dir = TempDirs.create("tributary-stream-bench");
        data = BenchEvents.jsonData(eventBytes);
        log = BusLog.open(
                dir, "bench", LogConfig.defaults(partitions).withDurability(Durability.FSYNC), Clock.systemUTC(),
                LogListener.NONE);
        names = new String[streams];
        versions = new long[streams];
        for (int i = 0; i < streams; i++) {
            names[i] = "order-" + prefix + i;
            versions[i] = -1;
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            log.close();
        } finally {
            TempDirs.delete(dir);
        }
    }

    @Benchmark
    public StreamAppendResult appendWithExactExpectedVersion() {
        int s = next;
        next = (next + 1) % streams;
        ExpectedVersion expected =
                versions[s] < 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(versions[s]);
        StreamAppendResult result = log.appendToStream(
                        names[s], expected, List.of(BenchEvents.event(prefix + sequence++, data)))
                .join();
        versions[s] = result.currentVersion();
        return result;
    }
}
