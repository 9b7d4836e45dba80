package dev.tributary.server.auth;

import dev.tributary.core.Names;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One permission a credential carries: {@code admin} (everything), a node-wide right ({@code schemas}, {@code hooks},
 * {@code keys}, {@code metrics}) or a right on the buses a pattern names ({@code publish:orders},
 * {@code read:orders-*}, {@code subscribe:*}; {@code *} stands for any run of characters).
 *
 * @param bus the bus pattern of a per-bus right, {@code null} for the others
 */
public record Scope(Kind kind, String bus) {
    private static final Pattern BUS_PATTERN = Pattern.compile("[a-z0-9_*-]{1,64}");

    /** What a scope allows; the per-bus kinds take a bus pattern. */
    public enum Kind {
        ADMIN(false),
        PUBLISH(true),
        READ(true),
        SUBSCRIBE(true),
        SCHEMAS(false),
        HOOKS(false),
        KEYS(false),
        METRICS(false);

        final boolean perBus;

        Kind(boolean perBus) {
            this.perBus = perBus;
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Scope ADMIN = new Scope(Kind.ADMIN, null);

    public Scope {
        if (kind == null || (kind.perBus != (bus != null))) {
            throw new IllegalArgumentException("a " + kind + " scope " + (bus == null ? "needs" : "takes no") + " bus");
        }
    }

    /**
     * Parses the scope syntax.
     *
     * @throws IllegalArgumentException naming the scope and the syntax, if it is not one
     */
    public static Scope parse(String text) {
        if (text != null) {
            int colon = text.indexOf(':');
            String word = colon < 0 ? text : text.substring(0, colon);
            for (Kind kind : Kind.values()) {
                if (!kind.word().equals(word)) {
                    continue;
                }
                if (!kind.perBus && colon < 0) {
                    return new Scope(kind, null);
                }
                if (kind.perBus && colon >= 0 && BUS_PATTERN.matcher(text.substring(colon + 1)).matches()) {
                    return new Scope(kind, text.substring(colon + 1));
                }
            }
        }
        throw new IllegalArgumentException("scope \"" + text + "\" is not admin, schemas, hooks, keys, metrics or"
                + " publish:, read:, subscribe: followed by a bus name or pattern (a-z 0-9 _ - and * for any run)");
    }

    /** Whether this scope allows {@code wanted} on {@code bus} ({@code null} for a node-wide right). */
    public boolean allows(Kind wanted, String bus) {
        if (kind == Kind.ADMIN) {
            return true;
        }
        return kind == wanted && (bus == null || Glob.matches(this.bus, bus));
    }

    /** Whether this scope allows {@code wanted} on every bus there is or will be. */
    public boolean allowsEveryBus(Kind wanted) {
        return kind == Kind.ADMIN || (kind == wanted && "*".equals(bus));
    }

    /** Whether everything this scope allows, {@code other} allows too. */
    public boolean within(Scope other) {
        if (other.kind == Kind.ADMIN) {
            return true;
        }
        if (kind != other.kind) {
            return false;
        }
        return bus == null || Glob.covers(other.bus, bus);
    }

    @Override
    public String toString() {
        return bus == null ? kind.word() : kind.word() + ":" + bus;
    }

    /** Matches bus names against {@code *} patterns, in time linear in their lengths. */
    static final class Glob {
        private Glob() {}

        static boolean matches(String pattern, String name) {
            if (!Names.isBusName(name)) {
                return false;
            }
            return match(pattern, name);
        }

        /** Whether every name {@code inner} matches, {@code outer} matches too (exact for the patterns used here). */
        static boolean covers(String outer, String inner) {
            // A literal pattern is covered when outer matches it; a pattern with stars when outer matches it with
            // its stars read as literal characters and outer's stars can absorb them.
            return match(outer, inner);
        }

        /** The classic two-pointer wildcard match: backtracks only to the last star, so O(n·m) at worst, n, m ≤ 64. */
        private static boolean match(String pattern, String text) {
            int p = 0;
            int t = 0;
            int star = -1;
            int mark = 0;
            while (t < text.length()) {
                if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == text.charAt(t)) {
                    p++;
                    t++;
                } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                    star = p++;
                    mark = t;
                } else if (star >= 0) {
                    p = star + 1;
                    t = ++mark;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }
    }
}
