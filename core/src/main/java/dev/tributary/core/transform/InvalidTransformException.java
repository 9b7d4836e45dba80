package dev.tributary.core.transform;

import dev.tributary.core.InvalidFieldException;

/**
 * A subscription transform that cannot be compiled: an unknown member, a template that is not valid JSON, an input
 * path that names nothing an event has, JSONata with a syntax error, an attribute that may not or cannot be set.
 *
 * <p>{@link #field()} names the position the way the user wrote it, from the {@code transform} member down, e.g.
 * {@code transform.template}, {@code transform.inputs.total} or {@code transform.attributes.id}; an HTTP layer puts it
 * in the problem detail. The message is {@code "<path>: <reason>"}, e.g. {@code transform.jsonata: syntax error at
 * 1:12: Expected ")", got "]" (S0202)}, with positions as {@code line:column} counted from 1. Immutable, so
 * thread-safe.
 */
public final class InvalidTransformException extends InvalidFieldException {
    private static final long serialVersionUID = 1L;

    public InvalidTransformException(String path, String reason) {
        super(path, reason);
    }
}
