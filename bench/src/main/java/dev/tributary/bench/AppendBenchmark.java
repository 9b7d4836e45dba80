package dev.tributary.bench;

import dev.tributary.log.BusLog;
import dev.tributary.log.Durability;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import dev.tributary.log.Position;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Durable in-process appends ({@link Durability#FSYNC}) of single 1 KB events through {@link BusLog}, by 1 and by
 * 16 concurrent writers (closed loop: each writer waits for its append to be durable before the next), into 1 or 4
 * partitions. Each writer spreads its appends round-robin over the partitions.
 *
 * <p>Run both modes: {@code -bm thrpt} for events/s (all writers together) and {@code -bm sample} for the latency
 * distribution of one append (p50/p99). Every trial gets a fresh log in a temporary directory, deleted afterwards.
 *
 * <p>{@link #sixteenPipelinedWriters} (throughput only) lets each of 16 writers keep up to {@value #IN_FLIGHT} appends
 * outstanding, as a producer with asynchronous sends does (Kafka's {@code max.in.flight}): a writer waits for its
 * oldest append only when its window is full. Every append is still acknowledged only once fsynced; what changes
 * from the closed loop is that writers do not idle through each fsync, so group commits grow and throughput is no
 * longer capped at writers ÷ fsync latency.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class AppendBenchmark {
    static final int IN_FLIGHT = 32;

    @Param({"1", "4"})
    public int partitions;

    @Param({"1024"})
    public int eventBytes;

    private Path dir;
    private BusLog log;
    private byte[] data;
    private final AtomicInteger writers = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() {
        dir = TempDirs.create("tributary-append-bench");
        data = BenchEvents.jsonData(eventBytes);
        log = BusLog.open(
                dir, "bench", LogConfig.defaults(partitions).withDurability(Durability.FSYNC), Clock.systemUTC(),
                LogListener.NONE);
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            log.close();
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** One writer's state: where its next append goes, a run-unique id prefix, its outstanding appends. */
    @State(Scope.Thread)
    public static class Writer {
        private final String prefix = UUID.randomUUID() + "-";
        private final ArrayDeque<CompletableFuture<List<Position>>> window = new ArrayDeque<>();
        private long sequence;
        private int partition;

        @Setup(Level.Trial)
        public void start(AppendBenchmark bench) {
            // Writers start on different partitions so that 16 writers over 4 partitions spread evenly.
            partition = bench.writers.getAndIncrement() % bench.partitions;
        }

        @TearDown(Level.Iteration)
        public void drain() {
            // an iteration ends with nothing outstanding, so no append straddles two measurements
            while (!window.isEmpty()) {
                window.poll().join();
            }
        }

        int nextPartition(int partitions) {
            int p = partition;
            partition = (partition + 1) % partitions;
            return p;
        }
    }

    @Benchmark
    @Threads(1)
    public List<Position> oneWriter(Writer writer) {
        return appendOne(writer);
    }

    @Benchmark
    @Threads(16)
    public List<Position> sixteenWriters(Writer writer) {
        return appendOne(writer);
    }

    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    public List<Position> sixteenPipelinedWriters(Writer writer) {
        List<Position> oldest = writer.window.size() >= IN_FLIGHT ? writer.window.poll().join() : null;
        writer.window.add(submit(writer));
        return oldest;
    }

    private List<Position> appendOne(Writer writer) {
        return submit(writer).join();
    }

    private CompletableFuture<List<Position>> submit(Writer writer) {
        String id = writer.prefix + writer.sequence++;
        return log.append(writer.nextPartition(partitions), List.of(BenchEvents.event(id, data)));
    }
}
