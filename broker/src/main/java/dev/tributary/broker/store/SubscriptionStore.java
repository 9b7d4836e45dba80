package dev.tributary.broker.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The subscriptions of a node, as documents. Updates are optimistic: they state the revision they were based on and
 * fail with {@link RevisionConflictException} if another update came first. Thread-safe; storage failures throw
 * {@link MetadataException}.
 */
public interface SubscriptionStore {

    /**
     * Stores a new subscription at revision 1.
     *
     * @throws SubscriptionExistsException if {@code id} is taken
     */
    StoredSubscription create(String id, String bus, String document, Instant now);

    Optional<StoredSubscription> get(String id);

    /** Every subscription, or those of one bus if {@code busOrNull} is not null, ordered by id. */
    List<StoredSubscription> list(String busOrNull);

    /**
     * Replaces the document of a subscription if it is still at {@code expectedRevision}; the result is one revision
     * later.
     *
     * @throws RevisionConflictException if the subscription is at another revision
     * @throws SubscriptionNotFoundException if there is no such subscription
     */
    StoredSubscription update(String id, String document, long expectedRevision, Instant now);

    /**
     * Deletes a subscription together with its cursors, pending retries and attempt log, in one transaction.
     *
     * @return false if there was no such subscription
     */
    boolean delete(String id);
}
