package dev.tributary.core.delivery;

import dev.tributary.core.InvalidFieldException;

/**
 * A delivery policy read from configuration (JSON) that is malformed or out of range.
 *
 * <p>{@link #field()} names the offending member the way the configuration spells it, e.g. {@code
 * delivery.backoff.factor} or {@code delivery.backoff.delays[2]}; the message is {@code "<path>: <reason>"}, e.g.
 * {@code delivery.backoff.factor: must be >= 1, was 0.5}. Immutable, so thread-safe.
 */
public final class InvalidPolicyException extends InvalidFieldException {
    private static final long serialVersionUID = 1L;

    public InvalidPolicyException(String path, String reason) {
        super(path, reason);
    }

    InvalidPolicyException(String path, String reason, Throwable cause) {
        super(path, reason);
        initCause(cause);
    }
}
