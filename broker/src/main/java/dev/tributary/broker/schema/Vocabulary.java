package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/**
 * What the registry knows of JSON Schema keywords (drafts 2020-12 and 07): which hold subschemas, and which only
 * annotate. Keywords it does not know are ignored by the validator, so they count as annotations. Stateless.
 */
final class Vocabulary {
    /** How a keyword's value is built. */
    enum Kind {
        /** One subschema: {@code not}, {@code additionalProperties}… */
        SCHEMA,
        /** An array of subschemas: {@code allOf}, {@code prefixItems}… */
        SCHEMAS,
        /** An object of named subschemas: {@code properties}, {@code $defs}… */
        NAMED_SCHEMAS,
        /** Plain JSON: {@code enum}, {@code required}, {@code maximum}… */
        VALUE
    }

    private static final Set<String> SCHEMA = Set.of(
            "additionalItems", "additionalProperties", "contains", "not", "if", "then", "else", "propertyNames",
            "unevaluatedItems", "unevaluatedProperties", "contentSchema");
    private static final Set<String> SCHEMAS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> NAMED_SCHEMAS =
            Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies");
    /** Keywords that constrain data; every other keyword only annotates (or is unknown, which the validator skips). */
    private static final Set<String> ASSERTIONS = Set.of(
            "$ref", "$dynamicRef", "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
            "exclusiveMinimum", "maxLength", "minLength", "pattern", "format", "items", "additionalItems",
            "prefixItems", "maxItems", "minItems", "uniqueItems", "contains", "maxContains", "minContains",
            "unevaluatedItems", "maxProperties", "minProperties", "required", "properties", "patternProperties",
            "additionalProperties", "dependentRequired", "dependentSchemas", "dependencies", "propertyNames",
            "unevaluatedProperties", "allOf", "anyOf", "oneOf", "not", "if", "then", "else");

    private Vocabulary() {}

    /** How the value of {@code keyword} is built; {@code items} holds one schema or (draft-07) an array of them. */
    static Kind kind(String keyword, JsonNode value) {
        if (keyword.equals("items")) {
            return value.isArray() ? Kind.SCHEMAS : Kind.SCHEMA;
        }
        if (SCHEMA.contains(keyword)) {
            return Kind.SCHEMA;
        }
        if (SCHEMAS.contains(keyword)) {
            return Kind.SCHEMAS;
        }
        return NAMED_SCHEMAS.contains(keyword) ? Kind.NAMED_SCHEMAS : Kind.VALUE;
    }

    static boolean isAssertion(String keyword) {
        return ASSERTIONS.contains(keyword);
    }

    /** Whether a schema accepts every value: {@code true}, or an object with no assertion keyword. */
    static boolean acceptsAnything(JsonNode schema) {
        if (schema.isBoolean()) {
            return schema.booleanValue();
        }
        for (Iterator<String> keywords = schema.fieldNames(); keywords.hasNext(); ) {
            if (isAssertion(keywords.next())) {
                return false;
            }
        }
        return true;
    }

    /** Whether a schema accepts no value: {@code false}. */
    static boolean acceptsNothing(JsonNode schema) {
        return schema.isBoolean() && !schema.booleanValue();
    }
}
