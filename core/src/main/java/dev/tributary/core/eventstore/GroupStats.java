package dev.tributary.core.eventstore;

/**
 * Where a consumer group stands, as its metrics show it.
 *
 * @param checkpoint every global position below it is acked or parked
 * @param lag events of the bus's order at or past the checkpoint (an upper bound when the group is filtered)
 * @param pending events read ahead and not settled: waiting, leased or waiting for a retry
 * @param inFlight events leased to a consumer right now
 * @param parked events parked for an operator
 * @param redeliveries deliveries after the first, since the node started
 * @param consumers consumers that fetched within the last lease
 */
public record GroupStats(long checkpoint, long lag, int pending, int inFlight, int parked, long redeliveries,
        int consumers) {}
