package dev.tributary.bench;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.log.BusLog;
import dev.tributary.log.Durability;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills the log of one bus in-process, for the restart figure: {@code --streams} streams of one event each
 * ({@code --event-bytes} of JSON data), appended with expected version {@code no_stream}, {@code --inflight} appends
 * at a time. Writes with {@link Durability#NONE} (the fill is not what is measured) and closes the log cleanly.
 *
 * <p>{@code --bus-dir} is the bus's log folder inside a node's data directory ({@code <data>/buses/<bus>}); create
 * the bus through the node first so that its {@code bus.json} exists, and stop the node before filling.
 */
public final class StreamFiller {
    private StreamFiller() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("bus-dir", "bus", "partitions", "streams", "event-bytes", "inflight", "results", "run"));
        Path dir = Path.of(args.string("bus-dir", "data/buses/restart"));
        int partitions = (int) args.number("partitions", 4);
        long streams = args.number("streams", 1_000_000);
        byte[] data = BenchEvents.jsonData((int) args.number("event-bytes", 1000));
        Semaphore inflight = new Semaphore((int) args.number("inflight", 512));
        AtomicReference<Throwable> failure = new AtomicReference<>();

        long start = System.nanoTime();
        LogConfig config = LogConfig.defaults(partitions).withDurability(Durability.NONE);
        try (BusLog log = BusLog.open(dir, args.string("bus", dir.getFileName().toString()), config,
                Clock.systemUTC(), LogListener.NONE)) {
            for (long s = 0; s < streams && failure.get() == null; s++) {
                inflight.acquire();
                String stream = String.format(Locale.ROOT, "stream-%09d", s);
                log.appendToStream(stream, ExpectedVersion.noStream(), List.of(BenchEvents.event("fill-" + s, data)))
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                            inflight.release();
                        });
                if (s % 100_000 == 0 && s > 0) {
                    System.out.printf(Locale.ROOT, "%,d streams, %.0f s%n", s, (System.nanoTime() - start) / 1e9);
                }
            }
            inflight.acquire((int) args.number("inflight", 512));
            if (failure.get() != null) {
                throw new IllegalStateException("filling failed", failure.get());
            }
            long bytes = 0;
            for (int p = 0; p < partitions; p++) {
                bytes += log.state(p).bytes();
            }
            System.out.printf(Locale.ROOT, "RESULT streams=%d bytes=%d seconds=%.1f%n", streams, bytes,
                    (System.nanoTime() - start) / 1e9);
            if (args.has("results")) {
                ResultsFile results = new ResultsFile(Path.of(args.string("results", "")), (int) args.number("run", 1));
                results.put("restart.streams", streams);
                results.put("restart.data.bytes", bytes);
            }
        }
    }
}
