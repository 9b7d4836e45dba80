package dev.tributary.server.hooks;

import dev.tributary.core.InvalidFieldException;

/** A body the hook cannot read at all (answered 415), as opposed to one with a bad member (400). */
final class UnsupportedBody extends InvalidFieldException {
    private static final long serialVersionUID = 1L;

    UnsupportedBody(String field, String reason) {
        super(field, reason);
    }
}
