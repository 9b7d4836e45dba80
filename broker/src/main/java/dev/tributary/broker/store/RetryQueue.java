package dev.tributary.broker.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable retry schedule of subscriptions: failed deliveries waiting for their next attempt. A scheduled retry
 * survives crashes until it is {@linkplain #remove removed} (delivered, dead-lettered) or dropped by a
 * {@linkplain CursorStore#reset cursor reset}.
 *
 * <p>Reads are bounded: {@link #due} and {@link #list} return at most {@code max} rows and use an index per
 * subscription, so a sink that has been down for hours (a million pending retries) costs disk, not heap. Thread-safe;
 * storage failures throw {@link MetadataException}.
 */
public interface RetryQueue {

    /** The longest {@link Retry#lastError()} kept, in UTF-8 bytes; longer ones are cut at a character boundary. */
    int MAX_ERROR_BYTES = 1024;

    /**
     * Schedules a retry, replacing the one for the same subscription, partition and offset if there is one.
     *
     * @throws SubscriptionNotFoundException if there is no such subscription
     */
    void schedule(Retry retry);

    /**
     * Schedules retries of one subscription in one transaction, each as {@link #schedule} would: all or none.
     *
     * @throws SubscriptionNotFoundException if there is no such subscription
     */
    void scheduleAll(String subscriptionId, List<Retry> retries);

    /**
     * At most {@code max} retries of a subscription due at {@code now}: highest priority first, then earliest due,
     * then lowest offset (then lowest partition).
     */
    List<Retry> due(String subscriptionId, Instant now, int max);

    /** When the subscription's earliest retry is due, or empty if it has none. */
    Optional<Instant> nextDue(String subscriptionId);

    /** Removes a retry if there is one. */
    void remove(String subscriptionId, int partition, long offset);

    /** The number of pending retries of a subscription (reads them all: for the API and metrics, not a hot loop). */
    long count(String subscriptionId);

    /**
     * One page of a subscription's retries, ordered by partition then offset: at most {@code max}, starting after
     * {@code afterCursorOrNull} (a {@link Retry#cursor()} of the previous page), or from the first if it is null.
     */
    List<Retry> list(String subscriptionId, int max, String afterCursorOrNull);

    Optional<Retry> find(String subscriptionId, int partition, long offset);

    /**
     * The offsets of a partition's pending retries at or after {@code fromOffset}, ascending, at most {@code max}. A
     * dispatcher asks this when it starts at its committed offset: retries scheduled after the last commit are owned by
     * the retry schedule, and reading them again as fresh events would send them twice and restart their attempt count.
     */
    List<Long> offsetsFrom(String subscriptionId, int partition, long fromOffset, int max);

    /** The ordering keys that have a pending retry in one partition of a subscription. */
    Set<String> retryingKeys(String subscriptionId, int partition);

    /**
     * Removes a resolved retry (delivered or dead-lettered) and, when {@code keyOrNull} is given, hands the key on in
     * the same transaction: the key's {@linkplain Retry#PARKED parked} retry with the lowest offset in the partition
     * becomes due at {@code now}, its first attempt counted from then. An ordered dispatcher's parked events thus go
     * out one after another in offset order, and a crash cannot strand them between the removal and the hand-on.
     *
     * @return whether a parked retry of the key was made due (false: nothing of the key waits any more)
     */
    boolean resolve(String subscriptionId, int partition, long offset, String keyOrNull, Instant now);
}
