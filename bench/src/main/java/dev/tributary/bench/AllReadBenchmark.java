package dev.tributary.bench;

import dev.tributary.log.AllReadBatch;
import dev.tributary.log.BusLog;
import dev.tributary.log.Durability;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A catch-up read of a bus in its global order, embedded: {@code events} 1 KB events appended in groups of
 * {@code group} across {@code partitions} partitions (in turns, so that consecutive positions change partition every
 * group), then read from position 0 to the end in pages of {@value #PAGE}, over and over (from the page cache).
 * One operation is one event.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx2g"})
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@State(Scope.Thread)
public class AllReadBenchmark {
    static final int PAGE = 1000;

    @Param({"4"})
    public int partitions;

    @Param({"1000000"})
    public int events;

    @Param({"10"})
    public int group;

    private Path dir;
    private BusLog log;
    private long next;

    @Setup(Level.Trial)
    public void fill() {
        dir = TempDirs.create("tributary-all-bench");
        log = BusLog.open(dir, "bench", LogConfig.defaults(partitions).withDurability(Durability.NONE),
                Clock.systemUTC(), LogListener.NONE);
        byte[] data = BenchEvents.jsonData(1024);
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int i = 0; i < events; i += group) {
            List<CloudEvent> batch = new ArrayList<>(group);
            for (int j = 0; j < group; j++) {
                batch.add(BenchEvents.event("e-" + (i + j), data));
            }
            inFlight.add(log.append((i / group) % partitions, batch));
            if (inFlight.size() == 64) {
                inFlight.forEach(CompletableFuture::join);
                inFlight.clear();
            }
        }
        inFlight.forEach(CompletableFuture::join);
        if (log.endPosition() != events) {
            throw new IllegalStateException("filled " + log.endPosition() + " of " + events + " events");
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
    @OperationsPerInvocation(PAGE)
    public int readAllForward() {
        AllReadBatch page = log.readAll(next, PAGE, Long.MAX_VALUE);
        next = page.nextPosition() >= events ? 0 : page.nextPosition();
        if (page.events().size() != PAGE) {
            throw new IllegalStateException("a page of " + page.events().size() + " events");
        }
        return page.events().size();
    }
}
