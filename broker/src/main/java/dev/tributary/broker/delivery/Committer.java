package dev.tributary.broker.delivery;

import dev.tributary.broker.store.Attempt;
import dev.tributary.broker.store.MetadataStore;
import dev.tributary.log.BusLog;
import dev.tributary.log.StoredEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscription's delivery progress waiting to be written: the attempts made since the last write, and each
 * partition's {@linkplain OffsetTracker#committable() committable} offset that moved. The node's {@link CommitBatcher}
 * {@linkplain #drain() drains} every committer each {@link #INTERVAL_NANOS} (sooner once {@link #FLUSH_COMPLETIONS}
 * deliveries completed) and writes them all in shared transactions; {@link #flush} writes this one alone.
 *
 * <p>Bounded: at most {@link #MAX_PENDING_ATTEMPTS} attempts wait for the store; while it is failing, older ones are
 * dropped (and the drop logged) rather than the heap filling up. A failed commit needs no buffer: the trackers still
 * know the offsets, and the next tick commits them. {@link #flush} is called once more by the dispatcher after its last
 * delivery. Thread-safe.
 */
final class Committer {
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final int FLUSH_COMPLETIONS = 1000;
    static final int MAX_PENDING_ATTEMPTS = 10_000;
    private static final long LAG_READ_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger(Committer.class.getName());

    private final String subscriptionId;
    private final MetadataStore store;
    private final BusLog log;
    private final Map<Integer, OffsetTracker> trackers;
    private final Map<Integer, Long> committed;
    private final DeliveryListener listener;
    private final ArrayDeque<Attempt> attempts = new ArrayDeque<>();
    private final AtomicInteger completions = new AtomicInteger();
    /** Per partition: the committable offset last looked at for the lag in seconds, and its append time. */
    private final Map<Integer, long[]> oldestKnown = new HashMap<>();
    private final Runnable wake;
    private long dropped;

    /** @param committed the offsets committed already, by partition: those the trackers started from */
    Committer(String subscriptionId, MetadataStore store, BusLog log, Map<Integer, OffsetTracker> trackers,
            Map<Integer, Long> committed, DeliveryListener listener, Runnable wake) {
        this.subscriptionId = subscriptionId;
        this.store = store;
        this.log = log;
        this.trackers = Map.copyOf(trackers);
        this.committed = new HashMap<>(committed);
        this.listener = listener;
        this.wake = wake;
    }

    void record(Attempt attempt) {
        synchronized (attempts) {
            if (attempts.size() >= MAX_PENDING_ATTEMPTS) {
                attempts.removeFirst();
                dropped++;
            }
            attempts.addLast(attempt);
        }
    }

    /** A delivery is done (its tracker completed): counts towards an early write. */
    void completed() {
        if (completions.incrementAndGet() >= FLUSH_COMPLETIONS) {
            wake.run();
        }
    }

    /**
     * Records the pending attempts and commits the offsets that moved.
     *
     * @throws RuntimeException from the store; what was not written is kept for the next flush
     */
    synchronized void flush() {
        Progress progress = drain();
        if (!progress.attempts().isEmpty()) {
            try {
                store.attempts().recordAll(progress.attempts());
            } catch (RuntimeException e) {
                notWritten(progress);
                throw e;
            }
        }
        if (!progress.moved().isEmpty()) {
            store.cursors().commit(subscriptionId, progress.moved());
            written(progress);
        }
    }

    /** What one tick has to write for this subscription: the attempts taken out, and the offsets that moved. */
    record Progress(Committer committer, List<Attempt> attempts, Map<Integer, Long> moved) {}

    /**
     * Takes this subscription's pending attempts and moved offsets for a node-wide batch ({@link CommitBatcher}).
     * The caller then calls {@link #written} (the batch is durable) or {@link #notWritten} (it failed).
     */
    synchronized Progress drain() {
        completions.set(0);
        List<Attempt> batch;
        long lost;
        synchronized (attempts) {
            batch = new ArrayList<>(attempts);
            attempts.clear();
            lost = dropped;
            dropped = 0;
        }
        if (lost > 0) {
            LOG.log(System.Logger.Level.WARNING, "subscription '" + subscriptionId + "': " + lost
                    + " attempts were not recorded because the metadata store was failing");
        }
        Map<Integer, Long> moved = new HashMap<>();
        long lag = 0;
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<Integer, OffsetTracker> e : trackers.entrySet()) {
            long offset = e.getValue().committable();
            if (offset > committed.getOrDefault(e.getKey(), -1L)) {
                moved.put(e.getKey(), offset);
            }
            long behind = log.state(e.getKey()).endOffset() - offset;
            if (behind > 0) {
                lag += behind;
                oldest = Math.min(oldest, appendedAt(e.getKey(), offset));
            }
        }
        double seconds = oldest == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
        listener.lag(subscriptionId, lag, seconds);
        return new Progress(this, batch, moved);
    }

    /**
     * When the event at {@code offset} was appended (epoch millis), for the lag in seconds; read once per offset (a
     * subscription stuck behind one event costs no read per tick). Long.MAX_VALUE if it cannot be read.
     */
    private long appendedAt(int partition, long offset) {
        long[] known = oldestKnown.get(partition);
        if (known != null && known[0] == offset) {
            return known[1];
        }
        long time = Long.MAX_VALUE;
        try {
            List<StoredEvent> first = log.read(partition, offset, 1, LAG_READ_BYTES).events();
            if (!first.isEmpty()) {
                time = first.getFirst().time().toEpochMilli();
            }
        } catch (RuntimeException e) {
            // deleted by retention meanwhile, or unreadable: the reader reports it; the gauge just skips a tick
            return time;
        }
        oldestKnown.put(partition, new long[] {offset, time});
        return time;
    }

    synchronized void written(Progress progress) {
        committed.putAll(progress.moved());
    }

    /** The batch failed: the attempts go back in front; the offsets are still in the trackers for the next tick. */
    void notWritten(Progress progress) {
        putBack(progress.attempts());
    }

    String subscriptionId() {
        return subscriptionId;
    }

    private void putBack(List<Attempt> batch) {
        synchronized (attempts) {
            for (int i = batch.size() - 1; i >= 0; i--) {
                if (attempts.size() >= MAX_PENDING_ATTEMPTS) {
                    dropped += i + 1;
                    return;
                }
                attempts.addFirst(batch.get(i));
            }
        }
    }
}
