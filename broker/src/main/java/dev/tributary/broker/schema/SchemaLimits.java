package dev.tributary.broker.schema;

/**
 * The bounds of a schema registry (principle 5: bounded everything). Schemas are checked against the first two when
 * they are registered, event data against the third before it is validated; the fourth bounds memory.
 *
 * @param maxSchemaBytes the largest schema document accepted, in UTF-8 bytes
 * @param maxSchemaDepth how deeply a schema document may nest JSON objects and arrays ({@code {}} is depth 1;
 *     {@code {"properties": {"a": {"type": "string"}}}} is depth 3)
 * @param maxDataDepth how deeply event data may nest JSON objects and arrays; deeper data is refused with a
 *     {@link Violation} of keyword {@code maxDepth} without being validated, so that no schema (a recursive one, say)
 *     can make validation recurse without bound
 * @param maxCachedSchemas how many compiled schemas are kept in memory (least recently used are dropped first); the
 *     registry also remembers the latest version of ten times as many subjects, a few dozen bytes each
 */
public record SchemaLimits(int maxSchemaBytes, int maxSchemaDepth, int maxDataDepth, int maxCachedSchemas) {
    /** 64 KiB: several times what a hand-written event schema needs, small enough to compile in milliseconds. */
    public static final int DEFAULT_MAX_SCHEMA_BYTES = 64 * 1024;
    /** 64 levels, about 30 levels of nested objects (each nesting is {@code properties} and a name). */
    public static final int DEFAULT_MAX_SCHEMA_DEPTH = 64;
    /**
     * 128 levels: deeper than real event payloads nest, and well within what the validator handles on a default
     * thread stack (it recurses about once per level of data).
     */
    public static final int DEFAULT_MAX_DATA_DEPTH = 128;
    /**
     * 1,000 compiled schemas. A compiled schema costs a few times its text: some KB for a typical event schema, so the
     * cache takes a few MB; at worst (every schema at the size bound) a few hundred MB.
     */
    public static final int DEFAULT_MAX_CACHED_SCHEMAS = 1_000;

    public static final SchemaLimits DEFAULTS = new SchemaLimits(
            DEFAULT_MAX_SCHEMA_BYTES, DEFAULT_MAX_SCHEMA_DEPTH, DEFAULT_MAX_DATA_DEPTH, DEFAULT_MAX_CACHED_SCHEMAS);

    /** Larger bounds than these would let one registration or one event cost too much stack or memory. */
    private static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final int MAX_DEPTH = 512;

    public SchemaLimits {
        requireBetween(maxSchemaBytes, 2, MAX_BYTES, "maxSchemaBytes");
        requireBetween(maxSchemaDepth, 1, MAX_DEPTH, "maxSchemaDepth");
        requireBetween(maxDataDepth, 1, MAX_DEPTH, "maxDataDepth");
        requireBetween(maxCachedSchemas, 1, 1_000_000, "maxCachedSchemas");
    }

    private static void requireBetween(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + "-" + max + ", was " + value);
        }
    }
}
