package dev.tributary.broker.store;

import java.time.Instant;
import java.util.List;

/**
 * The log of every delivery attempt of every subscription, kept until {@linkplain #purgeBefore purged} by retention
 * or until its subscription is deleted. Thread-safe; storage failures throw {@link MetadataException}.
 */
public interface AttemptLog {

    /** The longest {@link Attempt#error()} or {@link Attempt#response()} kept, in UTF-8 bytes. */
    int MAX_TEXT_BYTES = 1024;

    /**
     * Records an attempt.
     *
     * @return the sequence the store assigned to it
     * @throws SubscriptionNotFoundException if there is no such subscription
     */
    long record(Attempt attempt);

    /**
     * Records attempts in one transaction (one disk flush for the batch), in list order; all or none.
     *
     * @throws SubscriptionNotFoundException if one of the subscriptions does not exist; nothing is recorded then
     */
    void recordAll(List<Attempt> attempts);

    /** At most {@code limit} attempts of a subscription with a sequence below {@code beforeSequence}, newest first. */
    List<Attempt> bySubscription(String subscriptionId, int limit, long beforeSequence);

    /** Every attempt to deliver one event to a subscription, oldest first. */
    List<Attempt> byEvent(String subscriptionId, String eventSource, String eventId);

    /**
     * Deletes the attempts that started before {@code cutoff}.
     *
     * @return how many were deleted
     */
    int purgeBefore(Instant cutoff);
}
