package dev.tributary.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.EventRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A path into an event seen as structured JSON (see {@link EventDocument}): {@code $} for the whole event,
 * {@code $.<attribute>} ({@code $.type}, {@code $.myextension}), {@code $.data} or {@code $.data_base64}, then
 * {@code .<field>} for members of objects and {@code [n]} for elements of arrays, e.g.
 * {@code $.data.items[0].sku}. A field is one or more characters other than {@code .}, {@code [} and {@code ]}.
 *
 * <p>{@link #read(JsonNode)} returns {@code null} when nothing is there: a missing attribute or member, an index past
 * the end, a step into a value of the wrong kind, or a JSON {@code null}. Immutable, so thread-safe.
 */
final class EventPath {
    static final int MAX_CHARS = 512;

    private final String text;
    /** Each step is a String (member name) or an Integer (array index). */
    private final Object[] steps;

    private EventPath(String text, Object[] steps) {
        this.text = text;
        this.steps = steps;
    }

    /** Whether {@code value} is meant as a path rather than literal text: {@code $} or {@code $.…}. */
    static boolean looksLikePath(String value) {
        return value.equals("$") || value.startsWith("$.") || value.startsWith("$[");
    }

    /**
     * Compiles {@code text}.
     *
     * @param field where the path sits in the definition, for errors
     * @throws InvalidTransformException if {@code text} is not a path as described above
     */
    static EventPath parse(String text, String field) {
        if (text.length() > MAX_CHARS) {
            throw new InvalidTransformException(field, "path is longer than " + MAX_CHARS + " characters");
        }
        if (!text.startsWith("$")) {
            throw invalid(field, text, "must start with $");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && ".[]".indexOf(text.charAt(end)) < 0) {
                    end++;
                }
                if (end == i + 1) {
                    throw invalid(field, text, "has an empty field name at index " + i);
                }
                steps.add(text.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = text.indexOf(']', i);
                String digits = end < 0 ? "" : text.substring(i + 1, end);
                if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(d -> d >= '0' && d <= '9')) {
                    throw invalid(field, text, "has an index that is not [0]..[999999999] at index " + i);
                }
                steps.add(Integer.parseInt(digits));
                i = end + 1;
            } else {
                throw invalid(field, text, "expected . or [ at index " + i);
            }
        }
        if (!steps.isEmpty()) {
            Object first = steps.getFirst();
            if (!(first instanceof String name) || !(name.equals("data_base64") || EventRules.isAttributeName(name))) {
                throw invalid(field, text, "must continue with $.data, $.data_base64 or $.<attribute> (a-z 0-9)");
            }
        }
        return new EventPath(text, steps.toArray());
    }

    private static InvalidTransformException invalid(String field, String text, String reason) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return new InvalidTransformException(field, "path '" + shown + "' " + reason);
    }

    /** True for {@code $}, the whole event. */
    boolean isRoot() {
        return steps.length == 0;
    }

    /** The value at this path in {@code event}, or {@code null} if there is none (or it is JSON {@code null}). */
    JsonNode read(JsonNode event) {
        JsonNode node = event;
        for (Object step : steps) {
            node = step instanceof String name
                    ? (node.isObject() ? node.get(name) : null)
                    : (node.isArray() ? node.get((Integer) step) : null);
            if (node == null) {
                return null;
            }
        }
        return node.isNull() ? null : node;
    }

    @Override
    public String toString() {
        return text;
    }
}
