package dev.tributary.core.filter;

import dev.tributary.core.InvalidFieldException;

/**
 * A subscription filter that cannot be compiled: an unknown dialect, a value of the wrong type, a bad attribute name,
 * invalid CESQL.
 *
 * <p>{@link #field()} names the position the way the user wrote it, from the {@code filters} array down,
 * e.g. {@code filters[1].all[0].exact} or {@code filters[0].sql}; an HTTP layer puts it in the problem detail. The
 * message is {@code "<path>: <reason>"}, e.g. {@code filters[0].sql: syntax error at 1:15: mismatched input ...}, with
 * CESQL positions as {@code line:column} counted from 1. Immutable, so thread-safe.
 */
public final class InvalidFilterException extends InvalidFieldException {
    private static final long serialVersionUID = 1L;

    public InvalidFilterException(String path, String reason) {
        super(path, reason);
    }
}
