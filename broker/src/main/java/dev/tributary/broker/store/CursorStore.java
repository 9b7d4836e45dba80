package dev.tributary.broker.store;

import java.util.Map;

/**
 * The committed offsets of subscriptions, one per bus partition: the offset of the next event the subscription's
 * dispatcher delivers from that partition (Kafka's convention), so that a restart resumes there. A partition without
 * a committed offset has none in the maps returned. Thread-safe; storage failures throw {@link MetadataException}.
 */
public interface CursorStore {

    /** The committed offsets of a subscription by partition, in partition order; empty if none or no subscription. */
    Map<Integer, Long> get(String subscriptionId);

    /**
     * Commits offsets in one transaction. An offset never moves backwards here: where the stored offset is already
     * higher (a late acknowledgement overtaken by a later one), the stored one stays.
     *
     * @throws SubscriptionNotFoundException if there is no such subscription
     */
    void commit(String subscriptionId, Map<Integer, Long> offsets);

    /**
     * Commits the offsets of several subscriptions in one transaction, with {@link #commit}'s rule (never backwards).
     * Subscriptions that no longer exist are skipped: a node-wide committer may still hold progress of one deleted a
     * moment ago.
     */
    void commitAll(Map<String, Map<Integer, Long>> offsetsBySubscription);

    /**
     * Sets the offsets of the given partitions exactly, backwards or forwards, and in the same transaction drops every
     * pending retry of the subscription in those partitions: after a reset the log is the only source of what to
     * deliver there, so an old retry would deliver an event twice or one the reset skipped.
     *
     * @throws SubscriptionNotFoundException if there is no such subscription
     */
    void reset(String subscriptionId, Map<Integer, Long> offsets);

    /**
     * Ties the subscription's cursors and retries to one incarnation of its bus (a bus deleted and created again under
     * the same name is another incarnation, whose offsets mean other events). The first call records
     * {@code incarnation} and changes nothing else; a call with the recorded one does nothing; a call with another one
     * drops every cursor and retry of the subscription, sets the cursors to {@code offsets} and records the new
     * incarnation, in one transaction.
     *
     * @return true if the cursors were moved to {@code offsets} because the incarnation changed
     * @throws SubscriptionNotFoundException if there is no such subscription
     */
    boolean attach(String subscriptionId, String incarnation, Map<Integer, Long> offsets);
}
