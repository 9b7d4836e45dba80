package dev.tributary.broker.schema;

import java.net.URI;
import java.time.Instant;

/**
 * One registered version of a subject's schema. Versions are immutable and numbered 1, 2, 3… per subject; a number is
 * never reused, not even after its version was deleted.
 *
 * @param schema the JSON Schema document exactly as it was registered
 * @param fingerprint SHA-256 (hex) of the schema's canonical JSON (keys sorted, no insignificant white space): two
 *     registrations of the same schema, formatted differently, have the same fingerprint
 * @param deletedAt when the version was deleted, or null while it is live
 */
public record SchemaVersion(
        Subject subject, int version, String schema, String fingerprint, Instant createdAt, Instant deletedAt) {
    public SchemaVersion {
        if (subject == null || schema == null || fingerprint == null || createdAt == null) {
            throw new IllegalArgumentException("subject, schema, fingerprint and createdAt must not be null");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version < 1: " + version);
        }
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    /** The {@code dataschema} URI that names this version: {@code tributary:schemas/order.placed/versions/3}. */
    public URI uri() {
        return new SchemaUri(subject, version).toUri();
    }

    @Override
    public String toString() {
        return "schema " + subject + " version " + version + (deletedAt == null ? "" : " (deleted)");
    }
}
