package dev.tributary.broker.schema;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a registered schema into {@link Rules} for the {@link StreamingCheck}, if the schema keeps to the keywords the
 * check knows: types, {@code enum}/{@code const} of strings, integers, Booleans and null, string lengths and patterns,
 * numeric bounds, {@code properties}/{@code required}/{@code additionalProperties}, {@code items} (one schema),
 * counts of members and items, {@code allOf} and {@code $ref}s within the schema that do not recurse. Annotations are
 * skipped, and so is {@code format} in 2020-12, where the validator takes it as an annotation too. Any other keyword
 * (or a keyword used in a way the check does not read) leaves the schema to the general validator alone.
 *
 * <p>Patterns are compiled by the same factory as the general validator's, so that both read them alike, except
 * those of fixed length ({@link FixedPattern}), which match no more than that factory's would.
 */
final class RulesCompiler {
    /** Keywords that say something about a schema but ask nothing of the data. */
    private static final Set<String> ANNOTATIONS = Set.of(
            "$comment", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly");
    /** Keywords that only annotate in 2020-12 (the validator asserts no formats there), but assert in draft-07. */
    private static final Set<String> ANNOTATIONS_2020 = Set.of(
            "format", "contentMediaType", "contentEncoding", "contentSchema");

    private final JsonNode root;
    private final Dialect dialect;
    private final RegularExpressionFactory regexes;
    private final Map<String, Rules> referenced = new HashMap<>();
    private final Set<String> compiling = new HashSet<>();

    private RulesCompiler(JsonNode root, Dialect dialect, RegularExpressionFactory regexes) {
        this.root = root;
        this.dialect = dialect;
        this.regexes = regexes;
    }

    /** The rules of a schema, or empty if it uses what the check does not cover. */
    static Optional<Rules> compile(SchemaDocument document, RegularExpressionFactory regexes) {
        try {
            Rules rules = new RulesCompiler(document.root(), document.dialect(), regexes).schema(document.root(), true);
            return Optional.of(rules == null ? Rules.ANY : rules);
        } catch (Rules.Unsupported | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The rules of one (sub)schema; null stands for "anything". */
    private Rules schema(JsonNode node, boolean isRoot) {
        if (node.isBoolean()) {
            return node.booleanValue() ? Rules.ANY : Rules.NONE;
        }
        if (!node.isObject()) {
            throw new Rules.Unsupported("a schema that is not an object");
        }
        if (dialect == Dialect.DRAFT_07 && node.has("$ref") && node.size() > 1) {
            throw new Rules.Unsupported("draft-07 $ref beside other keywords"); // which draft-07 ignores
        }
        Rules own = new Rules();
        List<Rules> also = new ArrayList<>(); // allOf and $ref, folded in once own is complete
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "type" -> own.types = types(value);
                case "enum" -> own.allowed = allowed(own.allowed, values(value));
                case "const" -> own.allowed = allowed(own.allowed, Set.of(scalar(value)));
                case "minLength" -> own.minLength = count(value);
                case "maxLength" -> own.maxLength = count(value);
                case "pattern" -> own.patterns.add(pattern(text(value)));
                case "minimum" -> own.bounds.add(Bound.of(number(value), true, true));
                case "maximum" -> own.bounds.add(Bound.of(number(value), false, true));
                case "exclusiveMinimum" -> own.bounds.add(Bound.of(number(value), true, false));
                case "exclusiveMaximum" -> own.bounds.add(Bound.of(number(value), false, false));
                case "properties" -> {
                    for (Iterator<Map.Entry<String, JsonNode>> p = members(value); p.hasNext(); ) {
                        Map.Entry<String, JsonNode> property = p.next();
                        Rules rules = schema(property.getValue(), false);
                        own.add(property.getKey(), rules == null ? Rules.ANY : rules, false);
                    }
                }
                case "required" -> {
                    if (!value.isArray()) {
                        throw new Rules.Unsupported("required that is not an array");
                    }
                    for (JsonNode name : value) {
                        own.add(text(name), null, true);
                    }
                }
                case "additionalProperties" -> own.others = schema(value, false);
                case "minProperties" -> own.minProperties = count(value);
                case "maxProperties" -> own.maxProperties = count(value);
                case "items" -> own.items = schema(value, false);
                case "minItems" -> own.minItems = count(value);
                case "maxItems" -> own.maxItems = count(value);
                case "uniqueItems" -> {
                    if (!value.isBoolean() || value.booleanValue()) {
                        throw new Rules.Unsupported("uniqueItems");
                    }
                }
                case "allOf" -> {
                    if (!value.isArray() || value.isEmpty()) {
                        throw new Rules.Unsupported("allOf that is not a non-empty array");
                    }
                    for (JsonNode each : value) {
                        also.add(schema(each, false));
                    }
                }
                case "$ref" -> also.add(reference(text(value)));
                case "$defs", "definitions" -> {
                    // compiled when a $ref names them
                }
                case "$schema", "$id" -> {
                    if (!isRoot) {
                        throw new Rules.Unsupported(field.getKey() + " inside the schema"); // a new base URI
                    }
                }
                default -> {
                    boolean annotation = ANNOTATIONS.contains(field.getKey())
                            || (dialect == Dialect.DRAFT_2020_12 && ANNOTATIONS_2020.contains(field.getKey()));
                    if (!annotation) {
                        throw new Rules.Unsupported(field.getKey());
                    }
                }
            }
        }
        Rules result = own;
        for (Rules each : also) {
            result = both(result, each);
        }
        return result == null || result.isAny() ? null : result;
    }

    /** A fixed-length pattern matched as such, any other by the validator's own regular expressions. */
    private RegularExpression pattern(String pattern) {
        return FixedPattern.parse(pattern).map(RegularExpression.class::cast)
                .orElseGet(() -> regexes.getRegularExpression(pattern));
    }

    private static Rules both(Rules a, Rules b) {
        return Rules.both(a == null ? Rules.ANY : a, b == null ? Rules.ANY : b);
    }

    private Rules reference(String ref) {
        JsonPointer pointer = ref.startsWith("#") ? Pointers.fromFragment(ref.substring(1)) : null;
        if (pointer == null) {
            throw new Rules.Unsupported("$ref " + ref); // a name (#anchor) or the root's $id
        }
        String key = pointer.toString();
        if (referenced.containsKey(key)) {
            return referenced.get(key);
        }
        if (!compiling.add(key)) {
            throw new Rules.Unsupported("recursive $ref " + ref);
        }
        JsonNode target = root.at(pointer);
        if (target.isMissingNode()) {
            throw new Rules.Unsupported("$ref to nothing: " + ref);
        }
        Rules rules = schema(target, key.isEmpty());
        compiling.remove(key);
        referenced.put(key, rules);
        return rules;
    }

    private static int types(JsonNode value) {
        if (value.isTextual()) {
            return type(value.asText());
        }
        if (!value.isArray()) {
            throw new Rules.Unsupported("type that is neither a name nor an array");
        }
        int types = 0;
        for (JsonNode each : value) {
            types |= type(text(each));
        }
        return types;
    }

    private static int type(String name) {
        return switch (name) {
            case "null" -> Rules.NULL;
            case "boolean" -> Rules.BOOLEAN;
            case "object" -> Rules.OBJECT;
            case "array" -> Rules.ARRAY;
            case "string" -> Rules.STRING;
            case "integer" -> Rules.INTEGER;
            case "number" -> Rules.INTEGER | Rules.FRACTION;
            default -> throw new Rules.Unsupported("type " + name);
        };
    }

    private static Set<Object> allowed(Set<Object> earlier, Set<Object> these) {
        if (earlier == null) {
            return these;
        }
        Set<Object> both = new HashSet<>(earlier);
        both.retainAll(these);
        return both;
    }

    private static Set<Object> values(JsonNode value) {
        if (!value.isArray()) {
            throw new Rules.Unsupported("enum that is not an array");
        }
        Set<Object> values = new HashSet<>();
        for (JsonNode each : value) {
            values.add(scalar(each));
        }
        return values;
    }

    /** An enum value as the check compares it; only values whose equality is plain are taken. */
    private static Object scalar(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNull()) {
            return Rules.NULL_VALUE;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        throw new Rules.Unsupported("enum value " + value); // fractions (1.0 equals 1), objects, arrays
    }

    private static int count(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0) {
            return value.intValue();
        }
        throw new Rules.Unsupported("count " + value);
    }

    private static BigDecimal number(JsonNode value) {
        if (!value.isNumber()) {
            throw new Rules.Unsupported("bound " + value); // draft-04's Boolean exclusiveMaximum, say
        }
        return value.decimalValue();
    }

    private static String text(JsonNode value) {
        if (!value.isTextual()) {
            throw new Rules.Unsupported("a string expected, was " + value);
        }
        return value.asText();
    }

    private static Iterator<Map.Entry<String, JsonNode>> members(JsonNode value) {
        if (!value.isObject()) {
            throw new Rules.Unsupported("properties that is not an object");
        }
        return value.fields();
    }
}
