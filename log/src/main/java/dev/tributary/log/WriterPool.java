package dev.tributary.log;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write every partition of every bus on a node, as Kafka's I/O threads serve all its partitions: a
 * partition borrows one for a turn (one group commit) when it has appends queued, so a node's thread count does not
 * grow with its buses or partitions. A partition never runs on two threads at once, so its appends stay in order.
 *
 * <p>Thread-safe. Close it after the logs that use it.
 */
public final class WriterPool implements AutoCloseable {
    /**
     * Enough that ingest spread over thousands of partitions overlaps its fsyncs as well as ingest into one busy
     * partition groups them (measured in bench/RESULTS.md: 8 threads reached half the one-bus rate, 16 matched it).
     */
    public static final int DEFAULT_THREADS = 16;
    public static final int MAX_THREADS = 256;

    private final ExecutorService executor;
    private final int threads;

    private WriterPool(int threads) {
        this.threads = threads;
        AtomicInteger count = new AtomicInteger();
        // unbounded queue of turns: at most one queued turn per partition, so it is bounded by the partitions
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "tributary-writer-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A pool of {@code threads} writer threads, 1..{@value #MAX_THREADS}. */
    public static WriterPool of(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("writer threads must be within 1.." + MAX_THREADS + ", was " + threads);
        }
        return new WriterPool(threads);
    }

    public int threads() {
        return threads;
    }

    /** Internal: where partition writers run their turns. */
    public ExecutorService executor() {
        return executor;
    }

    /** Stops the threads once the turns already queued have run; logs still open can no longer write. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "WriterPool[" + threads + " threads]";
    }
}
