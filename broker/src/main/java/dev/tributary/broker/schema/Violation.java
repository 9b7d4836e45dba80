package dev.tributary.broker.schema;

/**
 * One way in which event data does not satisfy its schema.
 *
 * @param pointer the JSON pointer (RFC 6901) of the offending value inside the data: {@code ""} for the data itself,
 *     {@code /lines/0/sku} for the sku of the first line
 * @param keyword the schema keyword the value failed ({@code required}, {@code type}, {@code maximum}…), or
 *     {@code maxDepth} for data that nests deeper than the registry validates
 * @param message what is wrong, in English, without the pointer: {@code required property 'total' not found}
 */
public record Violation(String pointer, String keyword, String message) {
    public Violation {
        if (pointer == null || keyword == null || message == null) {
            throw new IllegalArgumentException("pointer, keyword and message must not be null");
        }
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(root)" : pointer) + ": " + message + " [" + keyword + "]";
    }
}
