package dev.tributary.broker.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The max in-flight bound of one subscription, shared by its partition readers and its retry loop: a semaphore whose
 * waiters are served by priority. When permits are short, the waiter with the highest priority level gets the next
 * one (first come first served within a level), except that a waiter that has waited longer than {@link #AGING} goes
 * first whatever its level, so that no level starves.
 *
 * <p>The waiters are the subscription's loops (one per partition, plus the retry loop), each waiting for one permit
 * at a time, so the list of waiters is tiny. A permit is held from the send until the attempt's outcome is handled
 * (durably), so the bound covers the whole delivery. Thread-safe.
 *
 * <p>Once loops wait, permits are handed out in rounds: nothing is granted until a {@linkplain #roundOf round} of
 * them is free (a quarter of the max, at most 16), then every waiter gets one, best first, and the rest go to whoever
 * asks next. Waking a loop per freed permit would cost a thread switch per delivery while the sink is saturated; a
 * round costs one per round, and the sink still has three quarters of the max under way meanwhile.
 */
final class Permits {
    static final long AGING = TimeUnit.SECONDS.toNanos(1);

    private final int max;
    private final int round;
    private final List<Waiter> waiters = new ArrayList<>();
    private int available;
    private long arrivals;
    private final Running running;

    private static final class Waiter {
        final int priority;
        final long since = System.nanoTime();
        final long arrival;
        final Thread thread = Thread.currentThread();
        boolean granted;

        Waiter(int priority, long arrival) {
            this.priority = priority;
            this.arrival = arrival;
        }
    }

    /** @param running whose stop ends every wait (waiters then get no permit) */
    Permits(int max, Running running) {
        if (max < 1) {
            throw new IllegalArgumentException("max < 1: " + max);
        }
        this.max = max;
        this.round = roundOf(max);
        this.available = max;
        this.running = running;
        running.onStop(this::wakeAll);
    }

    /** Blocks until a permit is granted (true) or the dispatcher stops (false, and no permit is held). */
    boolean acquire(int priority) {
        Waiter me;
        synchronized (this) {
            if (available > 0 && waiters.isEmpty()) {
                available--;
                return true;
            }
            me = new Waiter(priority, arrivals++);
            waiters.add(me);
        }
        while (true) {
            synchronized (this) {
                if (me.granted) {
                    return true;
                }
                if (!running.on()) {
                    waiters.remove(me);
                    return false;
                }
            }
            // untimed: a grant unparks this thread, and so does a stop (wakeAll); a timed park per wait would cost a
            // timer per event while the sink is saturated
            LockSupport.park(this);
        }
    }

    private void wakeAll() {
        List<Thread> threads = new ArrayList<>();
        synchronized (this) {
            waiters.forEach(w -> threads.add(w.thread));
        }
        threads.forEach(LockSupport::unpark);
    }

    /** Returns a permit; once a round of them is free, the waiters get theirs, best first. */
    void release() {
        List<Thread> granted = List.of(); // a release per delivery: no list unless someone waits
        synchronized (this) {
            if (available == max) {
                throw new IllegalStateException("more permits released than acquired");
            }
            available++;
            if (available >= round && !waiters.isEmpty()) {
                granted = new ArrayList<>(waiters.size());
                for (Waiter next = best(); next != null && available > 0; next = best()) {
                    waiters.remove(next);
                    next.granted = true;
                    available--;
                    granted.add(next.thread);
                }
            }
            if (available == max) {
                notifyAll();
            }
        }
        granted.forEach(LockSupport::unpark);
    }

    /** How many permits must be free before waiters get any: 1 for a max of up to 7, a quarter of it up to 16. */
    static int roundOf(int max) {
        return Math.max(1, Math.min(16, max / 4));
    }

    /** Loops waiting for a permit now. */
    synchronized int waiting() {
        return waiters.size();
    }

    /** Permits held now: attempts under way. */
    synchronized int inUse() {
        return max - available;
    }

    /** Waits up to {@code nanos} until every permit is back; returns whether they are. */
    synchronized boolean awaitIdle(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; available < max && left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return available == max;
    }

    private Waiter best() {
        long now = System.nanoTime();
        Waiter best = null;
        for (Waiter w : waiters) {
            if (best == null || better(w, best, now)) {
                best = w;
            }
        }
        return best;
    }

    private static boolean better(Waiter a, Waiter b, long now) {
        boolean aAged = now - a.since > AGING;
        boolean bAged = now - b.since > AGING;
        if (aAged != bAged) {
            return aAged;
        }
        if (!aAged && a.priority != b.priority) {
            return a.priority > b.priority;
        }
        return a.arrival < b.arrival;
    }
}
