package dev.tributary.server.hooks;

import dev.tributary.core.InvalidFieldException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The checks the hook configurations share. Each failure is an {@link InvalidFieldException} naming the member as
 * the JSON writes it ({@code secrets[1]}, {@code tolerance}). Stateless.
 */
final class ConfigRules {
    static final Duration MIN_TOLERANCE = Duration.ofSeconds(1);
    static final Duration MAX_TOLERANCE = Duration.ofHours(1);

    private ConfigRules() {}

    /** Runs a rule that throws {@link IllegalArgumentException} with a bare reason, naming {@code field}. */
    static void check(String field, Supplier<?> rule) {
        try {
            rule.get();
        } catch (InvalidFieldException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, e.getMessage());
        }
    }

    /** 1 to {@link HookConfig#MAX_SECRETS} secrets, none null, none repeated; returns an immutable copy. */
    static <T> List<T> secrets(String field, List<T> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new InvalidFieldException(field, "is required: one secret, or two while rotating");
        }
        if (secrets.size() > HookConfig.MAX_SECRETS) {
            throw new InvalidFieldException(field, "must have at most " + HookConfig.MAX_SECRETS
                    + " (the current one and the previous one while rotating), has " + secrets.size());
        }
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i) == null) {
                throw new InvalidFieldException(field + "[" + i + "]", "is required");
            }
        }
        if (secrets.size() == 2 && secrets.get(0).equals(secrets.get(1))) {
            throw new InvalidFieldException(field + "[1]", "is the same as " + field + "[0]");
        }
        return List.copyOf(secrets);
    }

    /** A timestamp tolerance within PT1S..PT1H: zero or unbounded would switch replay protection off. */
    static Duration tolerance(String field, Duration tolerance) {
        if (tolerance == null
                || tolerance.compareTo(MIN_TOLERANCE) < 0
                || tolerance.compareTo(MAX_TOLERANCE) > 0) {
            throw new InvalidFieldException(
                    field, "must be within " + MIN_TOLERANCE + ".." + MAX_TOLERANCE + ", was " + tolerance);
        }
        return tolerance;
    }

    /** An HTTP field name: one or more token characters (RFC 9110 §5.6.2). */
    static String headerName(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidFieldException(field, "must be a header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                throw new InvalidFieldException(field, "is not a valid HTTP header name: \"" + name + "\"");
            }
        }
        return name;
    }
}
