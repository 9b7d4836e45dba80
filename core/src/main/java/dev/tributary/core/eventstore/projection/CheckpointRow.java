package dev.tributary.core.eventstore.projection;

import java.time.Instant;

/**
 * One projection version's row of {@code tributary_projections}.
 *
 * @param checkpoint the global position it applies next (every event before it is in its states)
 * @param serving whether queries answer from this version's table
 * @param status the {@link ProjectionState} it last committed
 * @param lastError the last failure it was degraded by (kept after a retry or a skip), or null
 * @param errorPosition the position of that failure, or -1
 * @param skipped how many failures an operator skipped
 */
record CheckpointRow(
        String projection,
        int version,
        boolean serving,
        long checkpoint,
        ProjectionState status,
        String lastError,
        long errorPosition,
        long skipped,
        Instant updatedAt) {}
