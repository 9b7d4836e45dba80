package dev.tributary.broker.schema;

/**
 * One reason why a new schema breaks the compatibility rule of its subject.
 *
 * @param version the existing version that the new schema is incompatible with
 * @param direction {@link Compatibility#BACKWARD} if events valid under {@code version} may fail the new schema,
 *     {@link Compatibility#FORWARD} if events valid under the new schema may fail {@code version}
 * @param pointer the JSON pointer (RFC 6901) of the change inside the new schema ({@code /properties/total}); for a
 *     removed property, where it would be
 * @param message the change in words, naming the data it concerns by its path ({@code order.lines[].sku}):
 *     {@code required property `total` added}
 */
public record Incompatibility(int version, Compatibility direction, String pointer, String message) {
    public Incompatibility {
        if (direction != Compatibility.BACKWARD && direction != Compatibility.FORWARD) {
            throw new IllegalArgumentException("direction must be backward or forward, was " + direction);
        }
        if (pointer == null || message == null) {
            throw new IllegalArgumentException("pointer and message must not be null");
        }
    }

    /** {@code version 2 (backward) at /properties/total: required property `total` added}. */
    @Override
    public String toString() {
        return "version " + version + " (" + direction + ") at " + (pointer.isEmpty() ? "(root)" : pointer) + ": "
                + message;
    }
}
