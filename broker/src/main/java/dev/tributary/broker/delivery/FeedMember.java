package dev.tributary.broker.delivery;

import dev.tributary.log.ReadBatch;
import dev.tributary.log.StoredEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscription partition (one lane of it) on a {@link PartitionFeed}: the feed selects its events ({@link #offer}, on the feed's
 * thread) and its {@link PartitionReader} sends what matched ({@link #take}, on the reader's thread).
 *
 * <p>The mailbox holds at most {@value #MAILBOX} selections (each at most one read batch). When it is full at the
 * next batch, the feed lets the member go: the reader sends what is queued and then reads by itself from
 * {@link #next()}, the first offset not selected. Thread-safe.
 */
final class FeedMember {
    static final int MAILBOX = 8;

    private final SubscriptionDispatcher dispatcher;
    private final OffsetTracker tracker;
    private final int lane;
    private final Running running;
    private final ReentrantLock lock = new ReentrantLock();
    /** What the waiting reader waits on; completed when a selection is queued or the member let go. */
    private CompletableFuture<Void> changed;
    private final ArrayDeque<List<SubscriptionDispatcher.Prioritized>> mailbox = new ArrayDeque<>();
    private long next;
    private boolean released;

    /** @param next where the reader found the end of the partition: the first offset it has not read */
    FeedMember(SubscriptionDispatcher dispatcher, OffsetTracker tracker, int lane, Running running, long next) {
        this.dispatcher = dispatcher;
        this.tracker = tracker;
        this.lane = lane;
        this.running = running;
        this.next = next;
    }

    /** The first offset not selected yet. */
    long next() {
        lock.lock();
        try {
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * On the feed's thread: selects this member's events of {@code batch} (those before {@link #next()}, read before it
     * joined, are not its) and queues what matched. False when the member is let go instead: stopped, or its mailbox
     * full; nothing of the batch is selected then.
     */
    boolean offer(ReadBatch batch) {
        lock.lock();
        try {
            if (released || !running.on() || mailbox.size() >= MAILBOX) {
                releaseLocked();
                return false;
            }
            List<StoredEvent> events = batch.events();
            int first = 0;
            while (first < events.size() && events.get(first).offset() < next) {
                first++;
            }
            List<StoredEvent> fresh = events.subList(first, events.size());
            List<SubscriptionDispatcher.Prioritized> selected = dispatcher.select(fresh, tracker, lane);
            if (!fresh.isEmpty()) {
                next = fresh.getLast().offset() + 1;
            }
            if (batch.nextOffset() > next) {
                tracker.skipTo(lane, batch.nextOffset());
                next = batch.nextOffset();
            }
            if (!selected.isEmpty()) {
                mailbox.add(selected);
                signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Lets the member go: its reader sends what is queued, then reads by itself. Idempotent. */
    void release() {
        lock.lock();
        try {
            releaseLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * On the reader's thread: the next selection to send, waiting for one; null once the member was let go and nothing
     * is queued, or once the dispatcher stopped.
     */
    List<SubscriptionDispatcher.Prioritized> take() {
        while (true) {
            CompletableFuture<Void> wait;
            lock.lock();
            try {
                List<SubscriptionDispatcher.Prioritized> selected = mailbox.poll();
                if (selected != null) {
                    return selected;
                }
                if (released) {
                    return null;
                }
                // a future, not a timed wait: thousands of idle members must cost nothing (a stop completes it too)
                wait = changed = new CompletableFuture<>();
            } finally {
                lock.unlock();
            }
            if (!running.await(wait)) {
                return null;
            }
        }
    }

    private void releaseLocked() {
        released = true;
        signal();
    }

    private void signal() {
        if (changed != null) {
            changed.complete(null);
            changed = null;
        }
    }
}
