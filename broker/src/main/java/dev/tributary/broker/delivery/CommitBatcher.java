package dev.tributary.broker.delivery;

import dev.tributary.broker.store.Attempt;
import dev.tributary.broker.store.MetadataStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes the delivery progress of every subscription of a node together: every {@link Committer#INTERVAL_NANOS}, one
 * transaction for all their new attempts and one for all their moved offsets. Each SQLite commit is an fsync, so a
 * committer per subscription would make 100 subscriptions cost 1,000-2,000 fsyncs a second, competing with the log's;
 * batched, it is two a tick whatever the number of subscriptions.
 *
 * <p>When a batch fails (a subscription was deleted a moment ago, the store is failing), each subscription's progress
 * is written on its own instead, as its {@link Committer} would, which isolates the one that fails. {@link #remove}
 * waits for a tick under way, so that after it returns nothing of that subscription is written by the batcher (a reset
 * may follow). Thread-safe; runs on its own virtual thread from {@link #start()} to {@link #close()}.
 */
final class CommitBatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CommitBatcher.class.getName());

    private final MetadataStore store;
    private final Set<Committer> committers = ConcurrentHashMap.newKeySet();
    private final ReentrantLock tick = new ReentrantLock();
    private volatile boolean closed;
    private volatile Thread thread;

    CommitBatcher(MetadataStore store) {
        this.store = store;
    }

    void start() {
        thread = Thread.ofVirtual().name("tributary-commits").start(this::run);
    }

    void add(Committer committer) {
        committers.add(committer);
    }

    /** Writes now rather than at the next tick (a committer has many completions waiting). */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Stops writing {@code committer}'s progress; waits for a tick under way to end. */
    void remove(Committer committer) {
        tick.lock();
        try {
            committers.remove(committer);
        } finally {
            tick.unlock();
        }
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(this, Committer.INTERVAL_NANOS);
            if (closed) {
                return;
            }
            try {
                writeOnce();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "writing delivery progress failed; trying again in "
                        + TimeUnit.NANOSECONDS.toMillis(Committer.INTERVAL_NANOS) + " ms", e);
            }
        }
    }

    /** One tick: drains every committer and writes what they had, batched. */
    void writeOnce() {
        tick.lock();
        try {
            List<Committer.Progress> progress = new ArrayList<>(committers.size());
            List<Attempt> attempts = new ArrayList<>();
            Map<String, Map<Integer, Long>> offsets = new HashMap<>();
            for (Committer committer : committers) {
                Committer.Progress p = committer.drain();
                progress.add(p);
                attempts.addAll(p.attempts());
                if (!p.moved().isEmpty()) {
                    offsets.put(committer.subscriptionId(), p.moved());
                }
            }
            if (!attempts.isEmpty()) {
                try {
                    store.attempts().recordAll(attempts);
                } catch (RuntimeException e) {
                    // one by one, so that a deleted subscription does not hold back the others
                    progress.forEach(p -> p.committer().notWritten(p));
                    progress.forEach(p -> flushAlone(p.committer()));
                    return;
                }
            }
            if (!offsets.isEmpty()) {
                store.cursors().commitAll(offsets);
                progress.forEach(p -> p.committer().written(p));
            }
        } finally {
            tick.unlock();
        }
    }

    private static void flushAlone(Committer committer) {
        try {
            committer.flush();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "subscription '" + committer.subscriptionId()
                    + "': progress not written this time", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
