package dev.tributary.broker.store;

import java.time.Instant;

/**
 * An inbound webhook as the metadata store keeps it.
 *
 * @param document the hook's verifier and mapping as JSON, secrets included; the store does not interpret it
 */
public record StoredHook(String name, String bus, String document, Instant createdAt, Instant updatedAt) {
    public StoredHook {
        Check.text(name, "name");
        Check.text(bus, "bus");
        Check.text(document, "document");
        Check.present(createdAt, "createdAt");
        Check.present(updatedAt, "updatedAt");
    }
}
