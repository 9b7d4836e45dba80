package dev.tributary.client;

import java.util.Locale;

/**
 * What a stream append expects of the stream's current version; the node checks it atomically with the append and
 * answers a mismatch with a {@link TributaryException.Kind#CONFLICT}. Versions start at 0; a stream that does not
 * exist has current version -1.
 *
 * @param kind the rule
 * @param version the version an {@link Kind#EXACT} expectation names; -1 for the others
 */
public record ExpectedVersion(Kind kind, long version) {
    /** The rules the node knows. */
    public enum Kind {
        /** No check. */
        ANY,
        /** The stream must not exist yet. */
        NO_STREAM,
        /** The stream must have at least one event. */
        EXISTS,
        /** The stream's last version must be exactly {@link ExpectedVersion#version()}. */
        EXACT
    }

    /** @throws IllegalArgumentException for an exact version below 0, or a version given to another kind */
    public ExpectedVersion {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (kind == Kind.EXACT ? version < 0 : version != -1) {
            throw new IllegalArgumentException(kind == Kind.EXACT
                    ? "an exact expected version must be >= 0, was " + version
                    : "only an exact expected version carries a version, " + kind + " was given " + version);
        }
    }

    /** Appends whatever the stream holds. */
    public static ExpectedVersion any() {
        return new ExpectedVersion(Kind.ANY, -1);
    }

    /** Appends only to a stream that does not exist yet: the first write of an aggregate. */
    public static ExpectedVersion noStream() {
        return new ExpectedVersion(Kind.NO_STREAM, -1);
    }

    /** Appends only to a stream that has events. */
    public static ExpectedVersion exists() {
        return new ExpectedVersion(Kind.EXISTS, -1);
    }

    /** Appends only if the stream's last version is {@code version}: optimistic concurrency. */
    public static ExpectedVersion exactly(long version) {
        return new ExpectedVersion(Kind.EXACT, version);
    }

    /** The form of the {@code expectedVersion} query parameter: {@code any}, {@code no_stream}, {@code exists}, or n. */
    @Override
    public String toString() {
        return kind == Kind.EXACT ? Long.toString(version) : kind.name().toLowerCase(Locale.ROOT);
    }
}
