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
 */
public record Position(int partition, long offset, Instant time, boolean duplicate) {}
