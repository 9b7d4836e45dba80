package dev.tributary.broker.delivery;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * The committable offset of one partition of a subscription in unordered mode: the end of the contiguous prefix of
 * events that are done. Events complete in any order; the offset never moves past an event still in flight.
 *
 * <pre>
 * offsets   10  11  12  13  14  15 | 16 (not read yet)
 * state     ok  ok  ..  ok  --  ok |        ok = done, .. = in flight, -- = not matching (done at once)
 * committable = 12                          the first offset still in flight, else the read end
 * </pre>
 *
 * <p>A partition may be read by several <em>lanes</em> (one per priority level with a lane, see
 * {@link SubscriptionDispatcher}), each reading every offset and taking only the events of its level. Each lane has
 * its own read end; an offset is done once every lane has read past it and the lane that took it completed it, so the
 * committable offset is the lowest of the first offset in flight and every lane's read end.
 *
 * <p>Only in-flight offsets are held (at most the subscription's max in-flight), not one flag per event, so a long run
 * of non-matching events behind a slow delivery costs nothing. Each lane's reader calls {@link #begin} and
 * {@link #pass} in offset order; {@link #complete} may come from any thread. Thread-safe.
 */
final class OffsetTracker {
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private final long[] readEnds;

    /** @param start the committed offset every lane starts from */
    OffsetTracker(long start, int lanes) {
        if (start < 0) {
            throw new IllegalArgumentException("start < 0: " + start);
        }
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes < 1: " + lanes);
        }
        this.readEnds = new long[lanes];
        Arrays.fill(readEnds, start);
    }

    /** The event at {@code offset} is being delivered; it is done only at {@link #complete}. */
    synchronized void begin(int lane, long offset) {
        requireNext(lane, offset);
        inFlight.add(offset);
        readEnds[lane] = offset + 1;
    }

    /** The event at {@code offset} needs no delivery from this lane (it does not match, or is another lane's). */
    synchronized void pass(int lane, long offset) {
        requireNext(lane, offset);
        readEnds[lane] = offset + 1;
    }

    /** Everything below {@code offset} not begun is gone (retention) or skipped: done. Never moves backwards. */
    synchronized void skipTo(int lane, long offset) {
        readEnds[lane] = Math.max(readEnds[lane], offset);
    }

    /** The delivery of the event at {@code offset} is over (delivered, durably scheduled for retry, dead-lettered). */
    synchronized void complete(long offset) {
        if (!inFlight.remove(offset)) {
            throw new IllegalStateException("offset " + offset + " is not in flight");
        }
    }

    /** The offset up to which (exclusive) every event is done: what may be committed. */
    synchronized long committable() {
        long end = readEnds[0];
        for (int lane = 1; lane < readEnds.length; lane++) {
            end = Math.min(end, readEnds[lane]);
        }
        return inFlight.isEmpty() ? end : Math.min(end, inFlight.first());
    }

    synchronized int inFlight() {
        return inFlight.size();
    }

    private void requireNext(int lane, long offset) {
        if (offset < readEnds[lane]) {
            throw new IllegalStateException("offset " + offset + " was read already; lane " + lane + " is at "
                    + readEnds[lane]);
        }
    }
}
