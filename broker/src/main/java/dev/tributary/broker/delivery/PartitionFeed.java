package dev.tributary.broker.delivery;

import dev.tributary.log.BusLog;
import dev.tributary.log.ReadBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads one partition of a bus once for every subscription that has caught up with it. With 100 subscriptions on a
 * bus an event is read and decoded once instead of 100 times, and an append wakes one thread per partition instead of
 * one per subscription.
 *
 * <pre>
 * reader(sub A, p) ─ behind: reads by itself ─┐
 * reader(sub B, p) ─ caught up: joins ────────┼─▶ feed(p): read once ─▶ per member: select (filter, tracker)
 * reader(sub C, p) ─ caught up: joins ────────┘                         └▶ what matched ─▶ member's mailbox ─▶ reader sends
 * </pre>
 *
 * <p>A {@link PartitionReader} reads by itself while it is behind and joins once it reaches the end of the partition.
 * The feed selects for each member on its own thread ({@link SubscriptionDispatcher#select}: cheap, never blocks) and
 * queues what matched in the member's mailbox; the member's reader sends it. A member whose mailbox is full (a slow or
 * rate-limited sink, an open circuit) is let go at the first event it has not selected and reads by itself again, so
 * a slow subscription never holds back the feed or the others. A failed read lets every member go (each then meets
 * the failure in its own read and handles it as it always does).
 *
 * <p>Made by {@link PartitionFeeds} on the first join; its thread ends when its last member has left. Thread-safe:
 * members join and leave under the feed's lock, which the feed also holds while it hands out a batch (so a member
 * joining meanwhile gets the next batch, not half of this one).
 */
final class PartitionFeed implements Runnable {
    private static final System.Logger LOG = System.getLogger(PartitionFeed.class.getName());
    private static final long READ_FAILURE_PAUSE = TimeUnit.MILLISECONDS.toNanos(100);

    private final PartitionFeeds owner;
    private final BusLog log;
    private final int partition;
    private final String name;
    private final List<FeedMember> members = new ArrayList<>();
    private long position;
    private Thread thread;
    private boolean closed;
    /** Completed (and replaced) when members change or at close, so that a wait for new events ends early. */
    private CompletableFuture<Void> wake = new CompletableFuture<>();

    PartitionFeed(PartitionFeeds owner, BusLog log, int partition, String name) {
        this.owner = owner;
        this.log = log;
        this.partition = partition;
        this.name = name;
    }

    BusLog log() {
        return log;
    }

    int partition() {
        return partition;
    }

    /**
     * Adds a member whose reader found the partition's end at {@link FeedMember#next()}; false when the feed has
     * already read past that (the reader then reads by itself up to the end and tries again).
     */
    synchronized boolean join(FeedMember member) {
        if (closed) {
            return false;
        }
        if (members.isEmpty()) {
            position = member.next();
        } else if (member.next() < position) {
            return false;
        }
        members.add(member);
        if (thread == null) {
            thread = Thread.ofVirtual().name("tributary-feed-" + name + "-" + partition).start(this);
        }
        wakeUp();
        return true;
    }

    /** Removes a member (its reader stops, or was let go). Idempotent. */
    synchronized void leave(FeedMember member) {
        if (members.remove(member) && members.isEmpty()) {
            wakeUp();
        }
    }

    /** Under {@link PartitionFeeds}' lock: true (and the feed is done) when no member is left. */
    synchronized boolean retireIfIdle() {
        if (members.isEmpty()) {
            closed = true;
            return true;
        }
        return false;
    }

    synchronized void close() {
        closed = true;
        members.forEach(FeedMember::release);
        members.clear();
        wakeUp();
    }

    @Override
    public void run() {
        while (true) {
            long from;
            CompletableFuture<Void> woken;
            synchronized (this) {
                if (closed) {
                    return;
                }
                from = position;
                woken = wake;
                if (members.isEmpty()) {
                    woken = null;
                }
            }
            if (woken == null) {
                if (owner.retire(this)) {
                    return;
                }
                continue; // someone joined meanwhile
            }
            ReadBatch batch;
            try {
                batch = log.read(partition, from, SubscriptionDispatcher.READ_EVENTS, SubscriptionDispatcher.READ_BYTES);
                if (batch.events().isEmpty() && batch.nextOffset() <= from) {
                    CompletableFuture.anyOf(log.whenAvailable(partition, from), woken).join();
                    continue;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "feed " + name + "/" + partition + ": reading offset " + from
                        + " failed; its members read by themselves", e);
                releaseAll();
                LockSupport.parkNanos(READ_FAILURE_PAUSE);
                continue;
            }
            handOut(batch, from);
        }
    }

    private synchronized void handOut(ReadBatch batch, long from) {
        if (closed || position != from) {
            return;
        }
        members.removeIf(member -> !member.offer(batch));
        long end = batch.events().isEmpty() ? from : batch.events().getLast().offset() + 1;
        position = Math.max(end, batch.nextOffset());
    }

    private synchronized void releaseAll() {
        members.forEach(FeedMember::release);
        members.clear();
    }

    private void wakeUp() {
        wake.complete(null);
        wake = new CompletableFuture<>();
    }
}
