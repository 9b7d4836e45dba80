package dev.tributary.broker.delivery;

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
 * <p>Only in-flight offsets are held (at most the subscription's max in-flight), not one flag per event, so a long run
 * of non-matching events behind a slow delivery costs nothing. The partition's reader calls {@link #begin} and
 * {@link #pass} in offset order; {@link #complete} may come from any thread. Thread-safe.
 */
final class OffsetTracker {
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long readEnd;

    /** @param start the committed offset the reader starts from */
    OffsetTracker(long start) {
        if (start < 0) {
            throw new IllegalArgumentException("start < 0: " + start);
        }
        this.readEnd = start;
    }

    /** The event at {@code offset} is being delivered; it is done only at {@link #complete}. */
    synchronized void begin(long offset) {
        requireNext(offset);
        inFlight.add(offset);
        readEnd = offset + 1;
    }

    /** The event at {@code offset} needs no delivery (it does not match): done at once. */
    synchronized void pass(long offset) {
        requireNext(offset);
        readEnd = offset + 1;
    }

    /** Everything below {@code offset} not begun is gone (retention) or skipped: done. Never moves backwards. */
    synchronized void skipTo(long offset) {
        readEnd = Math.max(readEnd, offset);
    }

    /** The delivery of the event at {@code offset} is over (delivered, durably scheduled for retry, dead-lettered). */
    synchronized void complete(long offset) {
        if (!inFlight.remove(offset)) {
            throw new IllegalStateException("offset " + offset + " is not in flight");
        }
    }

    /** The offset up to which (exclusive) every event is done: what may be committed. */
    synchronized long committable() {
        return inFlight.isEmpty() ? readEnd : inFlight.first();
    }

    synchronized int inFlight() {
        return inFlight.size();
    }

    private void requireNext(long offset) {
        if (offset < readEnd) {
            throw new IllegalStateException("offset " + offset + " was read already; the reader is at " + readEnd);
        }
    }
}
