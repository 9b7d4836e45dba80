package dev.tributary.broker.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.io.IOException;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaVersion version;
    private final Schema schema;
    /** The quick check of valid data, null if the schema uses keywords it does not cover. */
    private final StreamingCheck quick;
    private final int maxDataDepth;

    SchemaValidator(SchemaVersion version, Schema schema, StreamingCheck quick, int maxDataDepth) {
        this.version = version;
        this.schema = schema;
        this.quick = quick;
        this.maxDataDepth = maxDataDepth;
    }

    /** The version this validator checks against. */
    public SchemaVersion version() {
        return version;
    }

    /**
     * Reads one JSON value from a parser standing on its first token, as the event codec passes over data, and tells
     * whether it is certainly valid; false means "not sure", and {@link #validate(byte[])} then says. Whatever the
     * answer, the parser is left on the value's last token.
     *
     * @throws IOException if the JSON is malformed
     */
    public boolean accepts(JsonParser parser) throws IOException {
        if (quick != null) {
            return quick.accepts(parser);
        }
        parser.skipChildren();
        return false;
    }

    /**
     * Checks event data given as the bytes of one JSON value, as events carry it. Valid data usually takes one pass
     * of a streaming parser ({@link StreamingCheck}); the rest is read into a tree for the general validator, which
     * names what is wrong.
     *
     * @return the violations, empty if the data is valid; one of keyword {@code type} if the bytes are not JSON
     * @throws IllegalArgumentException if {@code json} is null
     */
    public List<Violation> validate(byte[] json) {
        if (json == null) {
            throw new IllegalArgumentException("data is null");
        }
        if (quick != null && quick.accepts(json)) {
            return List.of();
        }
        return validateInFull(json);
    }

    /**
     * As {@link #validate(byte[])} without the quick check: for data it has already read and not accepted
     * ({@link #accepts(JsonParser)}).
     */
    public List<Violation> validateInFull(byte[] json) {
        if (json == null) {
            throw new IllegalArgumentException("data is null");
        }
        JsonNode data;
        try {
            data = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return List.of(new Violation("", "type", "the data is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return List.of(new Violation("", "type", "the data cannot be read: " + e.getMessage()));
        }
        return validate(data == null ? NullNode.getInstance() : data);
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
