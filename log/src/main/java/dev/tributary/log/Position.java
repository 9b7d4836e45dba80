package dev.tributary.log;

import java.time.Instant;

/**
 * Where an appended event lives.
 *
 * @param partition the partition
 * @param offset the event's offset in its partition
 * @param time the append time the log gave the event (monotonic within a partition)
 * @param duplicate true when the event was a duplicate (same {@code source}+{@code id} within the dedup window, or a
 *     retried stream append) and this is the original position; nothing was written
 * @param globalPosition the event's position in the bus's global order ({@code $all}), or {@code -1} when the bus
 *     keeps none or the event is a duplicate of one appended by an earlier group
 */
public record Position(int partition, long offset, Instant time, boolean duplicate, long globalPosition) {

    /** A position without a global position. */
    public Position(int partition, long offset, Instant time, boolean duplicate) {
        this(partition, offset, time, duplicate, -1);
    }

    /** This position with its place in the global order. */
    public Position withGlobalPosition(long value) {
        return new Position(partition, offset, time, duplicate, value);
    }
}
