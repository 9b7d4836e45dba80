package dev.tributary.core.eventstore.projection;

import java.time.Instant;

/**
 * A projection version's state, as {@link Projector#status()} saw it.
 *
 * @param name the projection
 * @param version its version
 * @param state where it stands
 * @param position the global position it applies next: every event before it is in the stored states
 * @param lag positions between {@code position} and the store's end, -1 when the store could not be asked (for a
 *     category or type this counts the other events too, until the subscription passes them)
 * @param lastError the failure it is (when {@link ProjectionState#DEGRADED}) or was last degraded by, or null
 * @param errorPosition the global position of that failure, or -1
 * @param skipped how many failed events an operator skipped ({@link Projector#skip()}), each recorded with its error
 * @param updatedAt when its checkpoint row last changed
 */
public record ProjectionStatus(
        String name,
        int version,
        ProjectionState state,
        long position,
        long lag,
        String lastError,
        long errorPosition,
        long skipped,
        Instant updatedAt) {}
