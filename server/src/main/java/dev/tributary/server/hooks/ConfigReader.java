package dev.tributary.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.InvalidFieldException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the members of a hook configuration's JSON object, each checked for its type, and refuses members the
 * provider does not know (a misspelt {@code tolerence} must not be silently ignored). Errors are
 * {@link InvalidFieldException}s naming the member. Mirrors the broker's reader of subscription definitions, which
 * is internal to that module. One instance per object, on one thread.
 */
final class ConfigReader {
    private final JsonNode object;

    private ConfigReader(JsonNode object) {
        this.object = object;
    }

    static ConfigReader of(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException("body", "must be a JSON object");
        }
        return new ConfigReader(node);
    }

    /** Refuses members not in {@code known}, naming the first and listing the known ones. */
    void rejectUnknown(Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidFieldException(name, "is not a member of this provider's hooks; known: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    boolean has(String name) {
        JsonNode value = object.get(name);
        return value != null && !value.isNull();
    }

    /** Whether the member is the string {@code value}. */
    boolean isText(String name, String value) {
        return has(name) && object.get(name).isTextual() && object.get(name).asText().equals(value);
    }

    Optional<String> text(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = object.get(name);
        if (!value.isTextual()) {
            throw new InvalidFieldException(name, "must be a string");
        }
        return Optional.of(value.asText());
    }

    String requiredText(String name, String what) {
        String value = text(name).orElse("");
        if (value.isEmpty()) {
            throw new InvalidFieldException(name, "is required: " + what);
        }
        return value;
    }

    /** An array of strings; absent is empty. */
    List<String> texts(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode value = object.get(name);
        if (!value.isArray()) {
            throw new InvalidFieldException(name, "must be an array of strings");
        }
        List<String> texts = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw new InvalidFieldException(name + "[" + i + "]", "must be a string");
            }
            texts.add(value.get(i).asText());
        }
        return texts;
    }

    /** An object of string values, in the order written; absent is empty. */
    Map<String, String> textMap(String name) {
        if (!has(name)) {
            return Map.of();
        }
        JsonNode value = object.get(name);
        if (!value.isObject()) {
            throw new InvalidFieldException(name, "must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isTextual()) {
                throw new InvalidFieldException(name + "." + e.getKey(), "must be a string");
            }
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    /** An ISO-8601 duration such as {@code PT5M}; the range is the record's to check. */
    Duration duration(String name, Duration fallback) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Duration.parse(text.get());
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(
                    name, "must be an ISO-8601 duration such as PT5M, was \"" + text.get() + "\"");
        }
    }

    OptionalInt integer(String name) {
        if (!has(name)) {
            return OptionalInt.empty();
        }
        JsonNode value = object.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidFieldException(name, "must be an integer");
        }
        return OptionalInt.of(value.asInt());
    }

    /** One of {@code allowed} (compared ignoring case), lower case; {@code fallback} when absent. */
    String choice(String name, String fallback, List<String> allowed) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value.get())) {
                return a;
            }
        }
        throw new InvalidFieldException(
                name, "must be one of " + String.join(", ", allowed) + ", was \"" + value.get() + "\"");
    }
}
