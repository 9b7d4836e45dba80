package dev.tributary.broker.delivery;

import dev.tributary.log.BusLog;
import dev.tributary.log.OffsetOutOfRangeException;
import dev.tributary.log.ReadBatch;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads one partition of a subscription's bus from its committed offset and hands each batch to the dispatcher. Once
 * caught up it joins the partition's {@link PartitionFeed}, which reads new events once for every caught-up
 * subscription and selects this one's; it then sends what the feed selected, and reads by itself again when the feed
 * lets it go (it fell behind). Read-ahead is one small batch ({@value SubscriptionDispatcher#READ_EVENTS} events, about
 * 1 MiB) of its own, or {@value FeedMember#MAILBOX} selections from the feed; the dispatcher blocks it while no permit
 * is free, so a slow sink leaves the backlog in the log, not in memory.
 *
 * <p>With priority lanes (see {@link SubscriptionDispatcher}) there is one reader per lane, each with its own
 * position, sending only its lane's events.
 *
 * <p>When retention deleted events the subscription had not delivered yet, it moves on to the earliest stored event
 * and reports the skipped count. Any other failure is logged and the read tried again after a growing pause: the loop
 * ends only when the dispatcher stops. Owns its read position; runs on its own thread.
 */
final class PartitionReader implements Runnable {
    private static final System.Logger LOG = System.getLogger(PartitionReader.class.getName());
    private static final long FIRST_PAUSE = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LONGEST_PAUSE = TimeUnit.SECONDS.toNanos(10);

    private final SubscriptionDispatcher dispatcher;
    private final BusLog log;
    private final int partition;
    private final int lane;
    private final OffsetTracker tracker;
    private final Running running;
    private final DeliveryListener listener;
    private final PartitionFeeds feeds;
    private long next;
    /** Set while the partition's feed selects for this reader. */
    private FeedMember member;
    private PartitionFeed feed;

    PartitionReader(SubscriptionDispatcher dispatcher, BusLog log, int partition, int lane, long from,
            OffsetTracker tracker, Running running, DispatchContext context) {
        this.dispatcher = dispatcher;
        this.log = log;
        this.partition = partition;
        this.lane = lane;
        this.next = from;
        this.tracker = tracker;
        this.running = running;
        this.listener = context.listener();
        this.feeds = context.feeds();
    }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            if (feed != null) {
                feed.leave(member);
            }
        }
    }

    private void loop() {
        long pause = FIRST_PAUSE;
        while (running.on()) {
            try {
                if (!readOnce()) {
                    return;
                }
                pause = FIRST_PAUSE;
            } catch (OffsetOutOfRangeException gone) {
                skipTo(gone.earliestOffset());
            } catch (RuntimeException e) {
                if (dispatcher.busGone()) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "subscription '" + dispatcher.id() + "' partition " + partition
                        + ": reading offset " + next + " failed; trying again in " + pause / 1_000_000 + " ms", e);
                running.pause(pause);
                pause = Math.min(pause * 2, LONGEST_PAUSE);
            }
        }
    }

    /** Reads and dispatches one batch, or waits for one; false once the dispatcher stopped. */
    private boolean readOnce() {
        if (feed != null) {
            return takeFromFeed();
        }
        ReadBatch batch = log.read(partition, next, SubscriptionDispatcher.READ_EVENTS, SubscriptionDispatcher.READ_BYTES);
        if (!dispatcher.dispatchBatch(batch.events(), tracker, lane)) {
            return false;
        }
        if (!batch.events().isEmpty()) {
            next = batch.events().getLast().offset() + 1;
        }
        if (batch.nextOffset() > next) {
            tracker.skipTo(lane, batch.nextOffset());
            next = batch.nextOffset();
        }
        if (batch.events().isEmpty()) {
            FeedMember joining = new FeedMember(dispatcher, tracker, lane, running, next);
            feed = feeds.join(log, dispatcher.busName(), partition, joining);
            if (feed != null) {
                member = joining;
                return true;
            }
            return running.await(log.whenAvailable(partition, next));
        }
        return true;
    }

    /** Sends the feed's next selection; once let go, goes on by itself from the first offset the feed did not select. */
    private boolean takeFromFeed() {
        List<SubscriptionDispatcher.Prioritized> selected = member.take();
        if (selected != null) {
            return dispatcher.dispatchSelected(selected);
        }
        feed.leave(member);
        next = member.next();
        feed = null;
        member = null;
        return running.on();
    }

    private void skipTo(long earliest) {
        if (earliest <= next) {
            // deleted and refilled under us: just read again
            return;
        }
        long skipped = earliest - next;
        if (lane == 0) { // every lane skips the same events: one reports them
            LOG.log(System.Logger.Level.WARNING, "subscription '" + dispatcher.id() + "' partition " + partition
                    + ": " + skipped + " events from offset " + next + " were deleted by retention before they were"
                    + " delivered");
            listener.skipped(dispatcher.id(), skipped);
        }
        tracker.skipTo(lane, earliest);
        next = earliest;
    }
}
