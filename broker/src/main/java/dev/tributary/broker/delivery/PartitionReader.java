package dev.tributary.broker.delivery;

import dev.tributary.log.BusLog;
import dev.tributary.log.OffsetOutOfRangeException;
import dev.tributary.log.ReadBatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads one partition of a subscription's bus from its committed offset and hands each batch to the dispatcher; waits with {@link BusLog#whenAvailable} when caught up. Read-ahead is one small batch
 * ({@value SubscriptionDispatcher#READ_EVENTS} events, about 1 MiB); the dispatcher blocks it while no permit is free,
 * so a slow sink leaves the backlog in the log, not in memory.
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
    private final OffsetTracker tracker;
    private final Running running;
    private final DeliveryListener listener;
    private long next;

    PartitionReader(SubscriptionDispatcher dispatcher, BusLog log, int partition, long from, OffsetTracker tracker,
            Running running, DeliveryListener listener) {
        this.dispatcher = dispatcher;
        this.log = log;
        this.partition = partition;
        this.next = from;
        this.tracker = tracker;
        this.running = running;
        this.listener = listener;
    }

    @Override
    public void run() {
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
                LOG.log(System.Logger.Level.WARNING, "subscription '" + dispatcher.id() + "' partition " + partition
                        + ": reading offset " + next + " failed; trying again in " + pause / 1_000_000 + " ms", e);
                running.pause(pause);
                pause = Math.min(pause * 2, LONGEST_PAUSE);
            }
        }
    }

    /** Reads and dispatches one batch, or waits for one; false once the dispatcher stopped. */
    private boolean readOnce() {
        ReadBatch batch = log.read(partition, next, SubscriptionDispatcher.READ_EVENTS, SubscriptionDispatcher.READ_BYTES);
        if (!dispatcher.dispatchBatch(batch.events(), tracker)) {
            return false;
        }
        if (!batch.events().isEmpty()) {
            next = batch.events().getLast().offset() + 1;
        }
        if (batch.nextOffset() > next) {
            tracker.skipTo(batch.nextOffset());
            next = batch.nextOffset();
        }
        if (batch.events().isEmpty()) {
            return running.await(log.whenAvailable(partition, next));
        }
        return true;
    }

    private void skipTo(long earliest) {
        if (earliest <= next) {
            // deleted and refilled under us: just read again
            return;
        }
        long skipped = earliest - next;
        LOG.log(System.Logger.Level.WARNING, "subscription '" + dispatcher.id() + "' partition " + partition + ": "
                + skipped + " events from offset " + next + " were deleted by retention before they were delivered");
        listener.skipped(dispatcher.id(), skipped);
        tracker.skipTo(earliest);
        next = earliest;
    }
}
