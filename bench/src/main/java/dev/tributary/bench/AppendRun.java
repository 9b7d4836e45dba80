package dev.tributary.bench;

import dev.tributary.core.eventstore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One side of {@link StoreAppendLoad}: {@code writers} closed-loop writer threads, each with {@code streams} streams
 * of its own ({@code order-<writer>-<n>}: one aggregate per stream, many aggregates per writer, as applications of
 * Marten or Message DB keep them), cycled over round-robin. Each append is one event with the exact expected version
 * the writer got from its previous append to that stream ({@code no_stream} for the first). After {@code warmup}
 * seconds comes a window of {@code duration} seconds: an append counts when it started and ended inside it (as
 * {@link LoadGenerator} counts requests), and its latency goes into a {@link LatencyHistogram}.
 *
 * <p>Then the check: every writer reads back the version of each of its streams and compares it with the one it was
 * acknowledged, and the store's own count of events must equal the appends acknowledged in all (the warm-up's and
 * those in flight at the window's end included).
 *
 * <p>Each writer's versions belong to its thread; the counters and the histogram are shared and lock-free. Fails with
 * an {@link IllegalStateException} naming the side: the writers stop at the first failed append (a wrong expected
 * version included) and the run reports how many failed; a check that does not hold fails it too.
 */
final class AppendRun {
    /** What a side measured: appends inside the window, its length, their latencies, and the checked totals. */
    record Outcome(String side, long appends, double seconds, LatencyHistogram latencies, long acknowledged,
            long stored) {
        double throughput() {
            return appends / seconds;
        }
    }

    private final AppendTarget target;
    private final int streams;
    private final String idPrefix;
    private final long measureFrom;
    private final long measureTo;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final AtomicLong measured = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong wrongVersions = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private volatile boolean stopping;

    private AppendRun(AppendTarget target, int streams, String idPrefix, long measureFrom, long measureTo) {
        this.target = target;
        this.streams = streams;
        this.idPrefix = idPrefix;
        this.measureFrom = measureFrom;
        this.measureTo = measureTo;
    }

    static Outcome measure(AppendTarget target, int writers, int streams, double warmup, double duration,
            String idPrefix) throws Exception {
        if (writers < 1 || streams < 1 || warmup < 0 || duration <= 0) {
            throw new IllegalArgumentException("writers and streams must be at least 1, duration positive, warmup not"
                    + " negative");
        }
        // Connected up front, so that no writer's connecting counts against the others' warm-up.
        List<AppendTarget.Writer> opened = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            opened.add(target.writer());
        }
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        AppendRun run = new AppendRun(target, streams, idPrefix, measureFrom, measureFrom + (long) (duration * 1e9));
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> run.write(writer, opened.get(writer)), target.name() + "-writer-" + w);
            thread.setDaemon(true); // a writer stuck in its store must not keep the JVM from reporting and exiting
            thread.start();
            threads.add(thread);
        }
        long deadline = run.measureTo + TimeUnit.SECONDS.toNanos(120);
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                throw new IllegalStateException(target.name() + ": " + thread.getName()
                        + " still appending or checking 120 s after the window closed");
            }
        }
        return run.outcome(duration);
    }

    private void write(int w, AppendTarget.Writer writer) {
        String[] names = new String[streams];
        long[] versions = new long[streams];
        for (int s = 0; s < streams; s++) {
            names[s] = String.format(Locale.ROOT, "order-%02d-%04d", w, s);
            versions[s] = -1;
        }
        String ids = idPrefix + w + "-";
        try (writer) {
            long n = 0;
            for (int s = 0; !stopping && System.nanoTime() < measureTo; s = (s + 1) % streams) {
                long begin = System.nanoTime();
                long version = writer.append(names[s], versions[s], ids + n++);
                long end = System.nanoTime();
                if (version != versions[s] + 1) {
                    throw new IllegalStateException(target.name() + ": stream " + names[s] + " is at version "
                            + version + " after appending one event to version " + versions[s]);
                }
                versions[s] = version;
                acknowledged.incrementAndGet();
                if (begin >= measureFrom && end <= measureTo) {
                    latencies.record(end - begin);
                    measured.incrementAndGet();
                }
            }
            for (int s = 0; s < streams && !stopping; s++) {
                long stored = writer.currentVersion(names[s]);
                if (stored != versions[s]) {
                    throw new IllegalStateException(target.name() + ": stream " + names[s] + " holds version "
                            + stored + ", but its appends were acknowledged up to version " + versions[s]);
                }
            }
        } catch (Throwable e) {
            failed.incrementAndGet();
            if (e instanceof WrongExpectedVersionException) {
                wrongVersions.incrementAndGet();
            }
            firstFailure.compareAndSet(null, e);
            stopping = true;
        }
    }

    private Outcome outcome(double duration) throws Exception {
        Throwable first = firstFailure.get();
        if (first != null) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "%s: %d writer(s) failed, %d on a wrong expected version, after %,d acknowledged appends; the"
                            + " first: %s", target.name(), failed.get(), wrongVersions.get(), acknowledged.get(),
                    first), first);
        }
        long stored = target.storedEvents();
        if (stored != acknowledged.get()) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "%s: the store holds %,d events, but %,d appends were acknowledged", target.name(), stored,
                    acknowledged.get()));
        }
        return new Outcome(target.name(), measured.get(), duration, latencies, acknowledged.get(), stored);
    }
}
