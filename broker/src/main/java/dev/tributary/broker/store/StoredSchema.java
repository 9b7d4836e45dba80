package dev.tributary.broker.store;

import java.time.Instant;

/**
 * One version of a JSON Schema as the metadata store keeps it. The store does not interpret the document; the schema
 * registry ({@code dev.tributary.broker.schema}) checks it before it is added. Versions are never changed once added;
 * deleting one only sets {@code deletedAt}.
 *
 * @param bus the bus the subject is scoped to, or {@code ""} for a subject that applies on every bus
 * @param type the event type the schema is for
 * @param version 1 for the first version of the subject, one more for each version after it
 * @param fingerprint identifies the schema's content (the registry's hash of its canonical form)
 * @param deletedAt when the version was deleted, or null while it is live
 */
public record StoredSchema(
        String bus,
        String type,
        int version,
        String document,
        String fingerprint,
        Instant createdAt,
        Instant deletedAt) {
    public StoredSchema {
        Check.present(bus, "bus");
        Check.text(type, "type");
        Check.atLeast(version, 1, "version");
        Check.present(document, "document");
        Check.text(fingerprint, "fingerprint");
        Check.present(createdAt, "createdAt");
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
