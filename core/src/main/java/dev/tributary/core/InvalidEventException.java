package dev.tributary.core;

/**
 * An event (or a request body holding events) that breaks the CloudEvents 1.0.2 rules or Tributary's limits.
 *
 * <p>{@link #field()} names what is wrong the way a client wrote it: {@code source} in a structured event,
 * {@code [3].source} for the fourth event of a batch, {@code ce-source} for a binary-mode header, {@code data} or
 * {@code data_base64} for the payload, {@code body} for a problem with the whole body (malformed JSON, invalid UTF-8,
 * an empty batch). The message is {@code "<field>: <reason>"}. Immutable, so thread-safe.
 */
public final class InvalidEventException extends InvalidFieldException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String field, String reason) {
        super(field, reason);
    }
}
