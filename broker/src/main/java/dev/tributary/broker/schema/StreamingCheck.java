package dev.tributary.broker.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.networknt.schema.regex.RegularExpression;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;

/**
 * The quick way to tell that event data is valid: one pass of a streaming parser over its bytes against compiled
 * {@link Rules}, building no tree. It answers only "valid" or "not sure": data it does not accept (invalid, or beyond
 * what it reads exactly, such as {@code 1.0} for an integer) goes to the general validator, which also names the
 * violations. So it must never accept what the general validator refuses, and tests hold it to that against the JSON
 * Schema test suite and generated data.
 *
 * <p>Its reading matches the general validator's input, a Jackson tree read with default settings: fractions are
 * compared as the doubles the tree would hold (and exactly, both must pass), string lengths as both UTF-16 units and
 * code points, and a member named twice (which the tree keeps once, the last) is checked both times, counted once
 * against {@code minProperties} and twice against {@code maxProperties}. Nesting deeper than the
 * registry's bound makes it unsure too, so its recursion is bounded. Thread-safe.
 */
final class StreamingCheck {
    private static final JsonFactory JSON = new JsonFactory();

    private final Rules rules;
    private final int maxDepth;

    StreamingCheck(Rules rules, int maxDepth) {
        this.rules = rules;
        this.maxDepth = maxDepth;
    }

    /** Whether {@code json}, the bytes of one JSON value, is certainly valid. */
    boolean accepts(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t = p.nextToken();
            return t != null && value(p, t, rules, 0) && p.nextToken() == null;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // Malformed, a number beyond the parser's bounds, a pattern that recurses per character of a long string:
            // the general validator says.
            return false;
        }
    }

    /**
     * Whether the JSON value a parser stands on (its first token) is certainly valid. Whatever the answer, the parser
     * is left on the value's last token, as if it had skipped the value.
     *
     * @throws IOException if the JSON is malformed
     */
    boolean accepts(JsonParser p) throws IOException {
        JsonToken first = p.currentToken();
        JsonStreamContext around = first.isStructStart() ? p.getParsingContext().getParent() : p.getParsingContext();
        boolean valid;
        try {
            valid = value(p, first, rules, 0);
        } catch (StreamConstraintsException | StackOverflowError e) {
            valid = false; // a number too long to read, a pattern too costly: the general validator says
        }
        while (p.getParsingContext() != around && p.nextToken() != null) {
            // the rest of a value found invalid part of the way
        }
        return valid;
    }

    private boolean value(JsonParser p, JsonToken t, Rules r, int level) throws IOException {
        if (r == null || r == Rules.ANY) {
            return skip(p, t, level);
        }
        return switch (t) {
            case START_OBJECT -> r.allows(Rules.OBJECT) && object(p, r, level + 1);
            case START_ARRAY -> r.allows(Rules.ARRAY) && array(p, r, level + 1);
            case VALUE_STRING -> r.allows(Rules.STRING) && (!r.checksStrings() || string(p.getText(), r));
            case VALUE_NUMBER_INT -> r.allows(Rules.INTEGER) && (!r.checksNumbers() || integer(p, r));
            case VALUE_NUMBER_FLOAT -> r.allows(Rules.FRACTION) && (!r.checksNumbers() || fraction(p, r));
            case VALUE_TRUE -> r.allows(Rules.BOOLEAN) && (r.allowed == null || r.allowed.contains(Boolean.TRUE));
            case VALUE_FALSE -> r.allows(Rules.BOOLEAN) && (r.allowed == null || r.allowed.contains(Boolean.FALSE));
            case VALUE_NULL -> r.allows(Rules.NULL) && (r.allowed == null || r.allowed.contains(Rules.NULL_VALUE));
            default -> false;
        };
    }

    private boolean object(JsonParser p, Rules r, int level) throws IOException {
        if (level > maxDepth || r.allowed != null) {
            return false; // enums hold scalars only
        }
        long seen = 0;
        int count = 0;
        // A member named twice is one member of the tree; only a lower bound on their number needs to know.
        Set<String> names = r.minProperties > 0 ? new HashSet<>() : null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (names != null) {
                names.add(name);
            }
            Rules.Member member = r.members.get(name);
            if (member != null) {
                seen |= member.requiredBit();
            }
            if (!value(p, p.nextToken(), r.rulesOf(member), level)) {
                return false;
            }
            count++;
        }
        return t == JsonToken.END_OBJECT && (seen & r.requiredBits) == r.requiredBits
                && (names == null || names.size() >= r.minProperties) && count <= r.maxProperties;
    }

    private boolean array(JsonParser p, Rules r, int level) throws IOException {
        if (level > maxDepth || r.allowed != null) {
            return false;
        }
        int count = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null || !value(p, t, r.items, level)) {
                return false;
            }
            count++;
        }
        return count >= r.minItems && count <= r.maxItems;
    }

    /** Walks over a value that anything may be, for its depth alone. */
    private boolean skip(JsonParser p, JsonToken t, int level) throws IOException {
        if (!t.isStructStart()) {
            return true;
        }
        int depth = level + 1;
        while (depth > level) {
            if (depth > maxDepth) {
                return false;
            }
            JsonToken next = p.nextToken();
            if (next == null) {
                return false;
            }
            if (next.isStructStart()) {
                depth++;
            } else if (next.isStructEnd()) {
                depth--;
            }
        }
        return true;
    }

    private static boolean string(String text, Rules r) {
        if (r.allowed != null && !r.allowed.contains(text)) {
            return false;
        }
        if (r.minLength > 0 || r.maxLength != Integer.MAX_VALUE) {
            int units = text.length();
            int points = text.codePointCount(0, units);
            if (points < r.minLength || units > r.maxLength) {
                return false;
            }
        }
        for (RegularExpression pattern : r.patterns) {
            if (!pattern.matches(text)) {
                return false;
            }
        }
        return true;
    }

    private static boolean integer(JsonParser p, Rules r) throws IOException {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            BigInteger value = p.getBigIntegerValue();
            if (r.allowed != null) {
                return false; // enums hold longs only
            }
            for (Bound bound : r.bounds) {
                if (!bound.admits(value)) {
                    return false;
                }
            }
            return true;
        }
        long value = p.getLongValue();
        if (r.allowed != null && !r.allowed.contains(value)) {
            return false;
        }
        for (Bound bound : r.bounds) {
            if (!bound.admits(value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean fraction(JsonParser p, Rules r) throws IOException {
        // 1.0 may equal an integer in an enum; infinities have no exact value: both are the validator's to judge.
        double value = p.getDoubleValue();
        if (r.allowed != null || !Double.isFinite(value)) {
            return false;
        }
        for (Bound bound : r.bounds) {
            if (!bound.admits(value)) {
                return false;
            }
        }
        return true;
    }
}
