package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.broker.store.MetadataException;
import dev.tributary.broker.store.SchemaStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The schema registry: JSON Schemas (draft 2020-12 or draft-07, chosen by {@code $schema}, 2020-12 by default)
 * registered for event types, by {@link Subject}, in immutable numbered versions, with a {@link Compatibility} rule
 * per subject that each new version must follow; and the validation of event data against them.
 *
 * <p>Registering checks the schema first: size and depth ({@link SchemaLimits}), its meta-schema, and its references,
 * which may only point into the schema itself ({@code #/$defs/…}): nothing is ever fetched from anywhere. Then the
 * subject's rule: the new version is compared with the latest live version, or every live one for a transitive rule.
 * Deleting a version is soft: it is kept (and {@link #get} still reads it) but no longer the latest, not listed, not
 * compared with, and not used for validation.
 *
 * <p>An event of type T on bus B is validated against the latest live version of the subject (B, T), or if that has
 * none, of the global subject T; an event whose {@code dataschema} is a {@link SchemaUri} against that version.
 * Compiled schemas and the latest version of each subject are cached in memory (bounded); a registration or deletion
 * through this registry takes effect on the next validation. (Several nodes sharing one store will need to tell each
 * other of changes; today one node owns its store.)
 *
 * <p>Thread-safe; registrations and deletions are serialized. Bad arguments throw {@link IllegalArgumentException}
 * naming the field ({@link InvalidSchemaException} for a bad schema); storage failures {@link MetadataException}.
 */
public interface SchemaRegistry {

    /** A registry over the schemas of a metadata store, with the {@linkplain SchemaLimits#DEFAULTS default limits}. */
    static SchemaRegistry create(SchemaStore store, Clock clock) {
        return create(store, clock, SchemaLimits.DEFAULTS);
    }

    /** A registry over the schemas of a metadata store; {@code clock} dates new versions and deletions. */
    static SchemaRegistry create(SchemaStore store, Clock clock, SchemaLimits limits) {
        return new StoredSchemaRegistry(store, clock, limits);
    }

    /**
     * Registers a schema as the next version of a subject. If it is the same schema as the latest live version
     * (same {@linkplain SchemaVersion#fingerprint() fingerprint}), nothing is registered and that version is returned.
     *
     * @return the version registered, or the latest one if it is the same schema
     * @throws InvalidSchemaException if the schema is not JSON, not an object, too large or deep, not valid against
     *     its meta-schema, of another dialect, or refers outside itself
     * @throws SchemaIncompatibleException if it breaks the subject's compatibility rule
     */
    SchemaVersion register(Subject subject, String schema);

    /** A version by number, live or deleted. */
    Optional<SchemaVersion> get(Subject subject, int version);

    /** The newest live version of a subject. */
    Optional<SchemaVersion> latest(Subject subject);

    /** The subjects with at least one live version, global ones first, then by bus and type. */
    List<Subject> subjects();

    /** The live versions of a subject, oldest first. */
    List<SchemaVersion> versions(Subject subject);

    /**
     * Deletes a live version (softly: see above), unless {@code inUse} says it is still in use; the caller knows
     * what uses schemas (buses that enforce them, say), the registry does not.
     *
     * @return false if there is no such live version
     * @throws SchemaInUseException if {@code inUse} holds for the version; nothing is deleted
     */
    boolean delete(Subject subject, int version, Predicate<SchemaVersion> inUse);

    /** The subject's rule, {@link Compatibility#DEFAULT} if none was set. */
    Compatibility compatibility(Subject subject);

    /** Sets the rule that the subject's next versions must follow; versions already registered stay. */
    void setCompatibility(Subject subject, Compatibility compatibility);

    /**
     * The validator for events of a type on a bus: the latest live version of the bus's subject for the type, else
     * of the global one. Empty if neither has a live version, or if {@code type} cannot be a subject's type.
     *
     * @param bus the bus name, or null for the global subject only
     */
    Optional<SchemaValidator> validator(String bus, String type);

    /** The validator of the version a {@code dataschema} names; empty if it names no live version. */
    Optional<SchemaValidator> validator(SchemaUri dataschema);

    /**
     * Validates event data against {@link #validator(String, String)}.
     *
     * @return the violations; empty if the data is valid or no schema applies
     */
    List<Violation> validate(String bus, String type, JsonNode data);
}
