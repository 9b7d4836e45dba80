package dev.tributary.core.eventstore;

/**
 * What a stream append expects of the stream's current version. Versions start at 0; a stream that does not exist
 * has current version -1.
 *
 * @param kind the rule
 * @param version the exact version, for {@link Kind#EXACT}; otherwise -1
 */
public record ExpectedVersion(Kind kind, long version) {

    public enum Kind {
        /** No check. */
        ANY,
        /** The stream must not exist. */
        NO_STREAM,
        /** The stream must exist. */
        EXISTS,
        /** The stream's last version must be exactly {@link #version()}. */
        EXACT
    }

    public ExpectedVersion {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (kind == Kind.EXACT && version < 0) {
            throw new IllegalArgumentException("exact expected version must be >= 0, was " + version);
        }
        if (kind != Kind.EXACT && version != -1) {
            throw new IllegalArgumentException("only an exact expected version carries a version");
        }
    }

    public static ExpectedVersion any() {
        return new ExpectedVersion(Kind.ANY, -1);
    }

    public static ExpectedVersion noStream() {
        return new ExpectedVersion(Kind.NO_STREAM, -1);
    }

    public static ExpectedVersion exists() {
        return new ExpectedVersion(Kind.EXISTS, -1);
    }

    public static ExpectedVersion exactly(long version) {
        return new ExpectedVersion(Kind.EXACT, version);
    }

    /** Parses {@code any}, {@code no_stream}, {@code exists} or a version number ≥ 0. */
    public static ExpectedVersion parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected version is required");
        }
        switch (text) {
            case "any":
                return any();
            case "no_stream":
                return noStream();
            case "exists":
                return exists();
            default:
                try {
                    long v = Long.parseLong(text);
                    if (v >= 0) {
                        return exactly(v);
                    }
                } catch (NumberFormatException ignored) {
                    // falls through to the error below
                }
                throw new IllegalArgumentException(
                        "must be any, no_stream, exists or a version number >= 0, was '" + text + "'");
        }
    }

    /** True when a stream whose last version is {@code current} (-1: no stream) satisfies this expectation. */
    public boolean isMetBy(long current) {
        return switch (kind) {
            case ANY -> true;
            case NO_STREAM -> current == -1;
            case EXISTS -> current >= 0;
            case EXACT -> current == version;
        };
    }

    @Override
    public String toString() {
        return kind == Kind.EXACT ? Long.toString(version) : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
