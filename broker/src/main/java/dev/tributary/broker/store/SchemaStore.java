package dev.tributary.broker.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The versions of the JSON Schemas registered for event types, by subject (a bus, or {@code ""} for every bus, and an
 * event type). Versions are immutable; a deleted version is kept and marked. The store checks no schema and no
 * compatibility rule: that is the schema registry's job, which also serializes its writes. Thread-safe; storage
 * failures throw {@link MetadataException}.
 */
public interface SchemaStore {

    /**
     * Adds a version, creating its subject (with the default compatibility) if needed, in one transaction.
     *
     * @return false, writing nothing, if the subject already has a version with that number
     */
    boolean add(StoredSchema schema);

    /** The version with that number, deleted or not. */
    Optional<StoredSchema> get(String bus, String type, int version);

    /** Every version of a subject, deleted ones too, oldest first; empty for an unknown subject. */
    List<StoredSchema> versions(String bus, String type);

    /**
     * Marks a live version deleted at {@code now}; it stays readable through {@link #get} and {@link #versions}.
     *
     * @return false if there is no such version or it was already deleted
     */
    boolean delete(String bus, String type, int version, Instant now);

    /** The subjects that have at least one live version, ordered by bus then type. */
    List<StoredSubject> subjects();

    /** The subject, if it has ever had a version or a compatibility set, whether or not a version is live. */
    Optional<StoredSubject> subject(String bus, String type);

    /** Sets the compatibility rule of a subject, creating the subject if needed; null restores the default. */
    void setCompatibility(String bus, String type, String compatibility);
}
