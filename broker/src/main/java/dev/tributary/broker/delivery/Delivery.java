package dev.tributary.broker.delivery;

import io.cloudevents.CloudEvent;
import java.time.Instant;

/**
 * One attempt to hand an event to a sink.
 *
 * @param subscriptionId the subscription delivering
 * @param event the event as it goes out (after the subscription's transform, when it has one)
 * @param partition the bus partition the event was read from
 * @param offset its offset there
 * @param attempt 1 for the first attempt, then 2, 3, …
 * @param messageId stable across the attempts of this delivery, so a receiver can deduplicate (Standard Webhooks'
 *     {@code webhook-id}): visible ASCII without dots
 * @param firstAttemptAt when the first attempt was made
 */
public record Delivery(
        String subscriptionId, CloudEvent event, int partition, long offset, int attempt, String messageId,
        Instant firstAttemptAt) {

    /**
     * The message id of the event at {@code partition}/{@code offset} of one incarnation of a bus, for a subscription:
     * {@code msg_<subscription>_<bus incarnation>_<partition>_<offset>}. Stable across restarts and retries, and never
     * the same for two events: offsets are unique within a bus incarnation, and a bus created again under an old name
     * (or another bus a subscription moved to) has another incarnation.
     */
    public static String messageId(String subscriptionId, String busIncarnation, int partition, long offset) {
        return "msg_" + subscriptionId + "_" + busIncarnation + "_" + partition + "_" + offset;
    }
}
