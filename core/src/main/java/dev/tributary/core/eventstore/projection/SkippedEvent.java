package dev.tributary.core.eventstore.projection;

import java.time.Instant;

/**
 * A failed event an operator skipped ({@link Projector#skip()}): recorded for good beside the checkpoint.
 *
 * @param position its global position (for events no longer stored: the first of them)
 * @param error the failure it was skipped for
 * @param skippedAt when
 */
public record SkippedEvent(long position, String error, Instant skippedAt) {}
