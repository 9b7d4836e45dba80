package dev.tributary.broker.store;

import java.time.Instant;

/**
 * A subscription as the metadata store keeps it: the broker's JSON document of the subscription, indexed by id and
 * bus, with a revision for optimistic concurrency. The store does not interpret the document.
 *
 * @param revision 1 when created, one more on every update
 */
public record StoredSubscription(
        String id, String bus, String document, long revision, Instant createdAt, Instant updatedAt) {
    public StoredSubscription {
        Check.text(id, "id");
        Check.text(bus, "bus");
        Check.present(document, "document");
        Check.atLeast(revision, 1, "revision");
        Check.present(createdAt, "createdAt");
        Check.present(updatedAt, "updatedAt");
    }
}
