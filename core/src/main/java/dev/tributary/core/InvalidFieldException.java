package dev.tributary.core;

/**
 * Input that breaks a rule, with the place it breaks it: {@link #field()} names the attribute, header or JSON member
 * the way the client wrote it ({@code [3].source}, {@code filters[1].all[0].exact}, {@code delivery.backoff.factor}),
 * {@link #reason()} says what is wrong there. The message is {@code "<field>: <reason>"}. An HTTP layer answers
 * it with a 400 problem detail carrying the field. Immutable, so thread-safe.
 *
 * <p>Subclasses only say what kind of input it was (an event, a filter, a delivery policy).
 */
public class InvalidFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public InvalidFieldException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** Where the problem is, e.g. {@code [3].source} or {@code filters[1].all[0].exact}. */
    public String field() {
        return field;
    }

    /** What is wrong there, e.g. {@code is required}. */
    public String reason() {
        return reason;
    }
}
