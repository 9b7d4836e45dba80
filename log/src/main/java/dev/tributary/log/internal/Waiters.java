package dev.tributary.log.internal;

import dev.tributary.log.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Readers waiting for an end to pass a point: a partition's committed end ({@code whenAvailable}) or the global
 * order's end ({@code whenAllAvailable}). Bounded: beyond
 * {@link #LIMIT} waiters a new one fails at once, so a flood of idle consumers costs an error, not the heap; waiters
 * whose future is already done (their reader timed out or left) are dropped as the list grows.
 *
 * <p>Thread-safe (monitor). Futures complete on the writer thread that published the end.
 */
final class Waiters {
    static final int LIMIT = 100_000;

    private final List<Waiter> waiting = new ArrayList<>();
    private long minWaiting = Long.MAX_VALUE;
    private int pruneAt = 1024;

    private record Waiter(long offset, CompletableFuture<Void> future) {}

    CompletableFuture<Void> await(long offset, LongSupplier end, String owner) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (this) {
            if (waiting.size() >= pruneAt) {
                // readers that gave up (a timed-out long poll, a closed follow) leave done futures behind
                waiting.removeIf(w -> w.future().isDone());
                pruneAt = Math.max(1024, waiting.size() * 2);
            }
            if (waiting.size() >= LIMIT) {
                future.completeExceptionally(new StorageException(owner + ": more than " + LIMIT
                        + " readers wait for new events"));
                return future;
            }
            waiting.add(new Waiter(offset, future));
            minWaiting = Math.min(minWaiting, offset);
        }
        // re-check after registering: the end may have moved between the caller's check and now
        long now = end.getAsLong();
        if (now > offset) {
            release(now);
        }
        return future;
    }

    void release(long end) {
        List<CompletableFuture<Void>> ready = null;
        synchronized (this) {
            if (minWaiting >= end) {
                return;
            }
            long min = Long.MAX_VALUE;
            for (int i = waiting.size() - 1; i >= 0; i--) {
                Waiter w = waiting.get(i);
                if (w.offset() < end) {
                    if (ready == null) {
                        ready = new ArrayList<>();
                    }
                    ready.add(w.future());
                    waiting.set(i, waiting.get(waiting.size() - 1));
                    waiting.remove(waiting.size() - 1);
                } else {
                    min = Math.min(min, w.offset());
                }
            }
            minWaiting = min;
        }
        for (CompletableFuture<Void> f : ready) {
            f.complete(null);
        }
    }

    void failAll(RuntimeException cause) {
        List<Waiter> all;
        synchronized (this) {
            all = new ArrayList<>(waiting);
            waiting.clear();
            minWaiting = Long.MAX_VALUE;
        }
        for (Waiter w : all) {
            w.future().completeExceptionally(cause);
        }
    }
}
