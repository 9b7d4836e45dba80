package dev.tributary.broker.delivery;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether a dispatcher's loops should keep going, and the waits they make while it does. Stopping never interrupts a
 * thread: an interrupt inside a {@code FileChannel} read closes the channel under every other reader of the log, and
 * inside JDBC it can break the connection. Instead every wait here ends within {@link #SLICE_NANOS} of a stop, or at
 * once for futures. Thread-safe.
 */
final class Running {
    /** The longest a waiting loop sleeps before it looks again at the flag (and at a test clock). */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    // The waits under way, woken by a stop. Not one long-lived future that every wait hangs a completion on: over a
    // long run that would pile up.
    private final Set<CompletableFuture<Void>> waits = ConcurrentHashMap.newKeySet();
    private final Set<Runnable> stopHooks = ConcurrentHashMap.newKeySet();
    private volatile boolean on = true;

    boolean on() {
        return on;
    }

    void stop() {
        on = false;
        waits.forEach(wait -> wait.complete(null));
        stopHooks.forEach(Runnable::run);
    }

    /**
     * Runs {@code hook} at the stop (at once if stopped already): for waits that park a thread without a timeout and
     * must be woken. Add a hook once, not per wait.
     */
    void onStop(Runnable hook) {
        stopHooks.add(hook);
        if (!on) {
            hook.run();
        }
    }

    /** Sleeps for {@code nanos} of real time or until stopped; returns whether still running. */
    boolean pause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; on && left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, Math.min(left, SLICE_NANOS));
        }
        return on;
    }

    /** Waits until {@code future} completes (normally or not) or until stopped; returns whether still running. */
    boolean await(CompletableFuture<?> future) {
        CompletableFuture<Void> wait = new CompletableFuture<>();
        waits.add(wait);
        try {
            future.whenComplete((result, failure) -> wait.complete(null));
            if (on) {
                wait.join();
            }
        } finally {
            waits.remove(wait);
        }
        return on;
    }
}
