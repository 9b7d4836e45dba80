package dev.tributary.core.eventstore;

import java.util.List;

/**
 * A consumer group (a persistent subscription) of an {@link EventStore}: the store keeps its position; consumers pull
 * events with a lease and settle each by its global position. An event whose lease runs out goes to the next
 * consumer that fetches; one delivered {@link GroupSpec#maxDeliveries()} times without an ack is parked for an
 * operator. Acks, nacks and parks are durable when the call returns; after a crash only un-acked events come again.
 *
 * <pre>
 * ConsumerGroup billing = store.createGroup(GroupSpec.of("billing", Selection.category("order"), 0));
 * for (LeasedEvent e : billing.fetch("worker-1", 100)) {
 *     charge(e.event());
 *     billing.ack("worker-1", List.of(e.position()));
 * }
 * </pre>
 *
 * <p>Thread-safe; consumers are told apart by the name they pass. An ack, nack or park of an event the consumer does
 * not hold fails with {@link LeaseLostException} and settles none of the positions named.
 */
public interface ConsumerGroup {

    /** The group's name. */
    String name();

    /** What the group delivers and how; its start position is resolved to a position. */
    GroupSpec spec();

    /**
     * Leases up to {@code max} (1..1000) events to {@code consumer}: those due again first (expired leases, retries
     * whose back-off has passed), then new ones, in global order; with an ordering key, one event per key at a time.
     * Answers an empty list when nothing is due.
     */
    List<LeasedEvent> fetch(String consumer, int max);

    /** The events are done with; the group's checkpoint moves past them. */
    void ack(String consumer, List<Long> positions);

    /** The events failed: each comes again after the back-off, or is parked when out of deliveries. */
    void nack(String consumer, List<Long> positions, String reason);

    /** The consumer gives up on the events: they are parked for an operator. */
    void park(String consumer, List<Long> positions, String reason);

    /** The group's position, lag, in-flight and parked counts. */
    GroupStats stats();

    /** The parked events from global position {@code fromPosition}, at most {@code limit} (1..10,000). */
    List<ParkedEvent> parked(long fromPosition, int limit);

    /** Parked events go back to be delivered, their delivery counts reset; answers how many were parked. */
    int replayParked(List<Long> positions);

    /** Parked events are dropped for good; answers how many were parked. */
    int dropParked(List<Long> positions);
}
