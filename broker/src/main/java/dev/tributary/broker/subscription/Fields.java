package dev.tributary.broker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.InvalidFieldException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the members of one JSON object of a subscription definition, each checked for its type and range, and
 * remembers which it read so that {@link #rejectUnknown()} can refuse the rest (a misspelt {@code maxInflight} must
 * not be silently ignored). Every error is an {@link InvalidFieldException} naming the member's full path, e.g.
 * {@code delivery.maxInFlight}. One instance per object, on one thread.
 */
final class Fields {
    private final JsonNode object;
    private final String path;
    private final Set<String> known;

    private Fields(JsonNode object, String path, Set<String> known) {
        this.object = object;
        this.path = path;
        this.known = known;
    }

    /** The members of {@code node}, which must be a JSON object; {@code known} lists the members it may have. */
    static Fields of(JsonNode node, String path, Set<String> known) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException(path.isEmpty() ? "body" : path, "must be a JSON object");
        }
        return new Fields(node, path, known);
    }

    /** Refuses members not in the known set, naming the first and listing what is allowed. */
    Fields rejectUnknown() {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidFieldException(at(name), "is not a known member; known: " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
        return this;
    }

    String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        JsonNode value = object.get(name);
        return value != null && !value.isNull();
    }

    /** The member itself, or {@code null} when absent or JSON {@code null}. */
    JsonNode node(String name) {
        return has(name) ? object.get(name) : null;
    }

    String text(String name, String fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = object.get(name);
        if (!value.isTextual()) {
            throw new InvalidFieldException(at(name), "must be a string");
        }
        return value.asText();
    }

    String requiredText(String name) {
        String value = text(name, null);
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(at(name), "is required");
        }
        return value;
    }

    long integer(String name, long fallback, long min, long max) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = object.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidFieldException(at(name), "must be an integer");
        }
        long n = value.asLong();
        if (n < min || n > max) {
            throw new InvalidFieldException(at(name), "must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }

    double number(String name, double fallback, double min, double max) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = object.get(name);
        if (!value.isNumber()) {
            throw new InvalidFieldException(at(name), "must be a number");
        }
        double n = value.asDouble();
        if (!(n >= min && n <= max)) {
            throw new InvalidFieldException(at(name), "must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }

    /** An ISO-8601 duration such as {@code PT30S}, within {@code [min, max]}. */
    Duration duration(String name, Duration fallback, Duration min, Duration max) {
        String text = text(name, null);
        if (text == null) {
            return fallback;
        }
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(at(name), "must be an ISO-8601 duration such as PT30S, was \"" + text + "\"");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new InvalidFieldException(at(name), "must be between " + min + " and " + max + ", was " + text);
        }
        return d;
    }

    /** An array of non-empty strings; an absent member is an empty list. */
    List<String> texts(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode value = object.get(name);
        if (!value.isArray()) {
            throw new InvalidFieldException(at(name), "must be an array of strings");
        }
        List<String> texts = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || item.asText().isEmpty()) {
                throw new InvalidFieldException(at(name) + "[" + i + "]", "must be a non-empty string");
            }
            texts.add(item.asText());
        }
        return List.copyOf(texts);
    }

    /** An object of string values, in the order written; an absent member is an empty map. */
    Map<String, String> textMap(String name) {
        if (!has(name)) {
            return Map.of();
        }
        JsonNode value = object.get(name);
        if (!value.isObject()) {
            throw new InvalidFieldException(at(name), "must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isTextual()) {
                throw new InvalidFieldException(at(name) + "." + e.getKey(), "must be a string");
            }
            map.put(e.getKey(), e.getValue().asText());
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** One of {@code allowed} (compared ignoring case), returned in lower case. */
    String choice(String name, String fallback, List<String> allowed) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw new InvalidFieldException(at(name), "must be one of " + String.join(", ", allowed) + ", was \"" + value + "\"");
    }
}
