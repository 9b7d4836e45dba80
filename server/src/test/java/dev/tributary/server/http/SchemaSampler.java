package dev.tributary.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Makes JSON values that fit an OpenAPI 3.1 schema ({@code $ref}, {@code const}, {@code enum}, {@code oneOf},
 * objects, arrays, scalars with their bounds), so that the fuzzer starts from requests the API may accept. The values
 * of well-known members come from {@code hints} (a bus that exists, a sink, …). Not thread-safe: one per fuzz run.
 */
final class SchemaSampler {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JsonNode document;
    private final Random random;
    private final Map<String, Supplier<JsonNode>> hints;

    SchemaSampler(JsonNode document, Random random, Map<String, Supplier<JsonNode>> hints) {
        this.document = document;
        this.random = random;
        this.hints = hints;
    }

    /** A value for the parameter or member {@code name}: its hint when there is one, else a sample of its schema. */
    JsonNode sample(JsonNode schema, String name) {
        return sample(schema, name, 0);
    }

    JsonNode sample(JsonNode schema) {
        return sample(schema, null, 0);
    }

    private JsonNode sample(JsonNode schema, String member, int depth) {
        if (member != null && hints.containsKey(member)) {
            return hints.get(member).get();
        }
        schema = resolve(schema);
        if (schema == null || schema.isMissingNode()) {
            return scalar();
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("enum")) {
            return pick(schema.get("enum"));
        }
        for (String choice : new String[] {"oneOf", "anyOf"}) {
            if (schema.has(choice)) {
                return sample(pick(schema.get(choice)), member, depth);
            }
        }
        JsonNode type = schema.get("type");
        String kind = type == null ? (schema.has("properties") ? "object" : null)
                : type.isArray() ? pick(type).asText() : type.asText();
        if (kind == null || depth > 6) {
            return scalar();
        }
        return switch (kind) {
            case "object" -> object(schema, depth);
            case "array" -> array(schema, member, depth);
            case "integer" -> JSON.numberNode(integer(schema));
            case "number" -> JSON.numberNode(random.nextDouble() * 1000);
            case "boolean" -> JSON.booleanNode(random.nextBoolean());
            case "null" -> JSON.nullNode();
            default -> JSON.textNode(string(schema, member));
        };
    }

    private JsonNode object(JsonNode schema, int depth) {
        ObjectNode out = JSON.objectNode();
        JsonNode required = schema.path("required");
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            boolean isRequired = false;
            for (JsonNode r : required) {
                isRequired |= r.asText().equals(p.getKey());
            }
            if (isRequired || random.nextInt(3) == 0) {
                out.set(p.getKey(), sample(p.getValue(), p.getKey(), depth + 1));
            }
        }
        JsonNode extra = schema.get("additionalProperties");
        if (extra != null && extra.isObject() && random.nextInt(3) == 0) {
            out.set(Integer.toString(random.nextInt(4)), sample(extra, null, depth + 1));
        }
        return out;
    }

    private JsonNode array(JsonNode schema, String member, int depth) {
        ArrayNode out = JSON.arrayNode();
        int n = Math.max(schema.path("minItems").asInt(0), random.nextInt(3));
        for (int i = 0; i < n; i++) {
            out.add(sample(schema.path("items"), member, depth + 1));
        }
        return out;
    }

    private long integer(JsonNode schema) {
        long min = schema.path("minimum").asLong(-5);
        long max = schema.path("maximum").asLong(min + 100);
        return min + (long) (random.nextDouble() * (max - min + 1));
    }

    private String string(JsonNode schema, String member) {
        String format = schema.path("format").asText("");
        return switch (format) {
            case "date-time" -> "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "T12:00:00Z";
            case "uri", "uri-reference" -> "https://example.com/" + random.nextInt(100);
            case "duration" -> "PT" + (1 + random.nextInt(60)) + "S";
            default -> "v" + random.nextInt(1000);
        };
    }

    private JsonNode scalar() {
        return switch (random.nextInt(4)) {
            case 0 -> JSON.textNode("x" + random.nextInt(100));
            case 1 -> JSON.numberNode(random.nextInt(1000));
            case 2 -> JSON.booleanNode(random.nextBoolean());
            default -> JSON.objectNode().put("k", random.nextInt(10));
        };
    }

    private JsonNode pick(JsonNode array) {
        return array.get(random.nextInt(array.size()));
    }

    /** Follows {@code $ref}s within the document. */
    JsonNode resolve(JsonNode schema) {
        while (schema != null && schema.has("$ref")) {
            schema = document.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }
}
