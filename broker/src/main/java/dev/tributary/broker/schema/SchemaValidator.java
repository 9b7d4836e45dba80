package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * A registered schema version compiled for validation. Compiled once and cached by the registry; thread-safe.
 *
 * <p>Data nested deeper than the registry's {@link SchemaLimits#maxDataDepth()} is not validated: the answer is one
 * violation of keyword {@code maxDepth} at the first value too deep. At most {@value #MAX_VIOLATIONS} violations are
 * answered, in the validator's order.
 */
public final class SchemaValidator {
    /** Enough to fix an event by; an event that breaks more rules than this is wrong as a whole. */
    public static final int MAX_VIOLATIONS = 100;

    private final SchemaVersion version;
    private final Schema schema;
    private final int maxDataDepth;

    SchemaValidator(SchemaVersion version, Schema schema, int maxDataDepth) {
        this.version = version;
        this.schema = schema;
        this.maxDataDepth = maxDataDepth;
    }

    /** The version this validator checks against. */
    public SchemaVersion version() {
        return version;
    }

    /**
     * Checks event data (a JSON value; JSON {@code null} is a value too).
     *
     * @return the violations, empty if the data is valid
     * @throws IllegalArgumentException if {@code data} is null
     */
    public List<Violation> validate(JsonNode data) {
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        String tooDeep = Depth.firstBeyond(data, maxDataDepth);
        if (tooDeep != null) {
            return List.of(new Violation(tooDeep, "maxDepth", "data nests deeper than " + maxDataDepth
                    + " levels, more than the schema registry validates"));
        }
        List<Violation> violations = new ArrayList<>();
        try {
            for (Error error : schema.validate(data)) {
                if (violations.size() == MAX_VIOLATIONS) {
                    break;
                }
                violations.add(new Violation(
                        error.getInstanceLocation().toString(),
                        error.getKeyword() == null ? "" : error.getKeyword(),
                        error.getMessage()));
            }
        } catch (StackOverflowError e) {
            // The depth bound keeps the validator's own recursion short; what remains is Java's regular expressions,
            // which recurse per character for some patterns. One such event must not take its thread down.
            return List.of(new Violation("", "pattern", "a pattern of the schema is too costly to match against"
                    + " this data"));
        }
        return violations;
    }

    @Override
    public String toString() {
        return "validator of " + version;
    }
}
