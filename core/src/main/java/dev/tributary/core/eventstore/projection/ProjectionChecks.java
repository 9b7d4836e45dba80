package dev.tributary.core.eventstore.projection;

/** Checks of what users hand the projection API; a bad value is an {@link IllegalArgumentException} naming it. */
final class ProjectionChecks {
    /**
     * A name's limit: {@code "tp_" + name + "_v" + version} (up to 10 digits) must fit PostgreSQL's 63-byte
     * identifiers, which it would otherwise truncate without a word.
     */
    static final int MAX_NAME = 48;
    static final int MAX_KEY = 512;
    private static final int SHOWN = 80;

    private ProjectionChecks() {}

    static String requireName(String name) {
        boolean ok = name != null && !name.isEmpty() && name.length() <= MAX_NAME;
        for (int i = 0; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            ok = alnum || (i > 0 && (c == '_' || c == '-'));
        }
        if (!ok) {
            throw new IllegalArgumentException("projection name must be 1-" + MAX_NAME
                    + " characters a-z 0-9 _ - starting with a letter or digit, was " + show(name));
        }
        return name;
    }

    static int requireVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("projection version must be 1 or more, was " + version);
        }
        return version;
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** Checks a whole projection (an implementation of the interface need not have come from the builder). */
    static <S> Projection<S> requireValid(Projection<S> projection) {
        require(projection, "projection");
        requireName(projection.name());
        requireVersion(projection.version());
        require(projection.selection(), "selection of projection '" + projection.name() + "'");
        require(projection.codec(), "codec of projection '" + projection.name() + "'");
        return projection;
    }

    /** The key an event gave, or null for none; a key that can never be stored is the event's failure. */
    static String requireKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_KEY || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("keyOf returned " + show(key) + "; a key is 1-" + MAX_KEY
                    + " characters without NUL");
        }
        return key;
    }

    static String show(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= SHOWN ? "'" + value + "'" : "'" + value.substring(0, SHOWN) + "…' ("
                + value.length() + " characters)";
    }
}
