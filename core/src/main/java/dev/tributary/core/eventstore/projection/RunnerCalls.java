package dev.tributary.core.eventstore.projection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The calls other threads make of a runner ({@link ProjectionRunner#retry()}, {@code skip()}, {@code close()}),
 * queued for its thread, which answers them between batches. A call made once the runner's thread has ended is refused
 * (closing is always granted) instead of waiting for ever. Thread-safe.
 */
final class RunnerCalls {
    enum Command { RETRY, SKIP, CLOSE }

    record Call(Command command, CompletableFuture<Object> done) {}

    private final ConcurrentLinkedQueue<Call> queue = new ConcurrentLinkedQueue<>();
    private final Runnable wake;
    private final String label;
    private volatile boolean ended;

    RunnerCalls(Runnable wake, String label) {
        this.wake = wake;
        this.label = label;
    }

    /** Makes the call and waits for its answer; what the runner threw is thrown here. */
    Object call(Command command) {
        Call call = new Call(command, new CompletableFuture<>());
        queue.add(call);
        wake.run();
        if (ended) {
            refuseAll();
        }
        try {
            return call.done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The next call to answer, or null. */
    Call next() {
        return queue.poll();
    }

    boolean ended() {
        return ended;
    }

    /** The runner's thread ended: every call from now on is answered at once. */
    void end() {
        ended = true;
        refuseAll();
    }

    private void refuseAll() {
        for (Call call = queue.poll(); call != null; call = queue.poll()) {
            if (call.command == Command.CLOSE) {
                call.done.complete(null);
            } else {
                call.done.completeExceptionally(new IllegalStateException(label + " is stopped"));
            }
        }
    }
}
