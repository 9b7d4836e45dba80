package dev.tributary.broker.delivery;

import dev.tributary.broker.store.Retry;
import dev.tributary.broker.store.RetryQueue;
import dev.tributary.log.BusLog;
import dev.tributary.log.OffsetOutOfRangeException;
import dev.tributary.log.ReadBatch;
import dev.tributary.log.StoredEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Delivers a subscription's scheduled retries when they fall due: asks the durable {@link RetryQueue} for due retries
 * (highest priority first), re-reads each event from the log by partition and offset, and sends it as the next
 * attempt of the same delivery (same message id, same first-attempt time). Between passes it sleeps until the earliest
 * retry is due by the injected clock (polled, so a test clock can be advanced), or until woken because a retry was
 * scheduled earlier than that or an attempt it started has finished.
 *
 * <p>It shares only the in-flight permits with the partition readers: a retry due in hours holds nothing back. A retry
 * whose event retention has deleted is removed and counted as skipped. Failures are logged and the pass is tried again
 * after a growing pause; the loop ends only when the dispatcher stops. Runs on its own thread; {@link #wake} is called
 * from any thread.
 */
final class RetryLoop implements Runnable {
    static final int BATCH = 32;
    private static final long IDLE_SLICE = TimeUnit.MILLISECONDS.toNanos(50);
    // Nothing else writes a subscription's retries while it runs, but a look now and then costs little.
    private static final long REQUERY = TimeUnit.SECONDS.toNanos(5);
    private static final long BUSY_REQUERY = TimeUnit.SECONDS.toNanos(1);
    private static final long FIRST_PAUSE = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LONGEST_PAUSE = TimeUnit.SECONDS.toNanos(10);
    private static final long MAX_EVENT_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger(RetryLoop.class.getName());

    private record Slot(int partition, long offset) {}

    private final SubscriptionDispatcher dispatcher;
    private final String subscriptionId;
    private final RetryQueue retries;
    private final BusLog log;
    private final Clock clock;
    private final Running running;
    private final DeliveryListener listener;
    private final Set<Slot> underWay = ConcurrentHashMap.newKeySet();
    private volatile boolean woken;
    private volatile Instant sleepingUntil = Instant.MAX;
    private volatile Thread thread;

    RetryLoop(SubscriptionDispatcher dispatcher, RetryQueue retries, BusLog log, Clock clock, Running running,
            DeliveryListener listener) {
        this.dispatcher = dispatcher;
        this.subscriptionId = dispatcher.id();
        this.retries = retries;
        this.log = log;
        this.clock = clock;
        this.running = running;
        this.listener = listener;
    }

    /** A retry was scheduled for {@code dueAt}: wakes the loop if it sleeps past that. */
    void wake(Instant dueAt) {
        if (dueAt.isBefore(sleepingUntil)) {
            poke();
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        long pause = FIRST_PAUSE;
        while (running.on()) {
            try {
                if (pass() == 0) {
                    idle();
                }
                pause = FIRST_PAUSE;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "subscription '" + subscriptionId
                        + "': the retry pass failed; trying again in " + pause / 1_000_000 + " ms", e);
                running.pause(pause);
                pause = Math.min(pause * 2, LONGEST_PAUSE);
            }
        }
    }

    /** Starts an attempt for every due retry not already under way; returns how many it dealt with. */
    private int pass() {
        sleepingUntil = Instant.MAX;
        woken = false;
        dispatcher.breaker().awaitChance(running);
        List<Retry> due = retries.due(subscriptionId, clock.instant(), underWay.size() + BATCH);
        int dealt = 0;
        for (Retry retry : due) {
            if (!running.on()) {
                break;
            }
            if (!underWay.contains(new Slot(retry.partition(), retry.offset())) && attempt(retry)) {
                dealt++;
            }
        }
        return dealt;
    }

    private boolean attempt(Retry retry) {
        Optional<StoredEvent> stored = read(retry);
        if (stored.isEmpty()) {
            dispatcher.keys().retryResolved(retry.partition(), retry.offset(), retry.key());
            listener.skipped(subscriptionId, 1);
            LOG.log(System.Logger.Level.WARNING, "subscription '" + subscriptionId + "': the retry of event "
                    + retry.eventId() + " at partition " + retry.partition() + " offset " + retry.offset()
                    + " was dropped: retention deleted the event");
            return true;
        }
        if (!dispatcher.admit(retry.priority())) {
            return false;
        }
        Slot slot = new Slot(retry.partition(), retry.offset());
        underWay.add(slot);
        Delivery delivery = new Delivery(subscriptionId, stored.get().event(), retry.partition(), retry.offset(),
                retry.attempts() + 1, dispatcher.messageId(retry.partition(), retry.offset()),
                retry.firstAttemptAt());
        dispatcher.send(delivery, stored.get(), retry, () -> {
            underWay.remove(slot);
            poke();
        });
        return true;
    }

    /** The retried event as the log holds it; empty if it is no longer there (or the offset now holds another). */
    private Optional<StoredEvent> read(Retry retry) {
        ReadBatch batch;
        try {
            batch = log.read(retry.partition(), retry.offset(), 1, MAX_EVENT_BYTES);
        } catch (OffsetOutOfRangeException gone) {
            return Optional.empty();
        }
        return batch.events().stream()
                .filter(e -> e.offset() == retry.offset()
                        && e.event().getId().equals(retry.eventId())
                        && e.event().getSource().toString().equals(retry.eventSource()))
                .findFirst();
    }

    /** Sleeps until the next retry is due, a wake, or a periodic look. */
    private void idle() {
        Instant next = underWay.isEmpty() ? retries.nextDue(subscriptionId).orElse(Instant.MAX) : Instant.MAX;
        sleepingUntil = next;
        long deadline = System.nanoTime() + (underWay.isEmpty() ? REQUERY : BUSY_REQUERY);
        while (running.on() && !woken && clock.instant().isBefore(next) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(this, IDLE_SLICE);
        }
    }

    private void poke() {
        woken = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
