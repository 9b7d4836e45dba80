package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The comparisons of keywords that hold plain values (bounds, patterns, allowed values), between the same place of an
 * old and a new schema object. A keyword that constrains more in the new schema breaks backward (events that passed
 * may fail); one that constrains less breaks forward. Stateless.
 */
final class Constraints {
    private Constraints() {}

    static void strings(JsonNode old, JsonNode neu, Place here, Changes out) {
        bound("minLength", false, old, neu, here, out);
        bound("maxLength", true, old, neu, here, out);
        text("pattern", old, neu, here, out);
    }

    static void numbers(JsonNode old, JsonNode neu, Place here, Changes out) {
        bound("minimum", false, old, neu, here, out);
        bound("exclusiveMinimum", false, old, neu, here, out);
        bound("maximum", true, old, neu, here, out);
        bound("exclusiveMaximum", true, old, neu, here, out);
        multipleOf(old, neu, here, out);
    }

    /** {@code format}: compared like a pattern, since a validator may assert it. */
    static void format(JsonNode old, JsonNode neu, Place here, Changes out) {
        text("format", old, neu, here, out);
    }

    /**
     * A numeric bound: {@code upper} for a maximum ({@code maxLength}, {@code maximum}, {@code maxItems}…), which
     * narrows when it decreases, else a minimum, which narrows when it increases. Adding either narrows.
     */
    static void bound(String keyword, boolean upper, JsonNode old, JsonNode neu, Place here, Changes out) {
        JsonNode was = number(old.get(keyword));
        JsonNode is = number(neu.get(keyword));
        Place at = here.within(keyword);
        if (was == null && is == null) {
            return;
        }
        if (was == null) {
            out.backward(at, keyword + " " + is + " added to " + here.label());
        } else if (is == null) {
            out.forward(at, keyword + " of " + here.label() + " removed (was " + was + ")");
        } else {
            int moved = is.decimalValue().compareTo(was.decimalValue());
            String change = keyword + " of " + here.label() + " " + (moved > 0 ? "increased" : "decreased") + " from "
                    + was + " to " + is;
            if (moved != 0 && (upper ? moved < 0 : moved > 0)) {
                out.backward(at, change);
            } else if (moved != 0) {
                out.forward(at, change);
            }
        }
    }

    static void uniqueItems(JsonNode old, JsonNode neu, Place here, Changes out) {
        boolean was = old.path("uniqueItems").asBoolean(false);
        boolean is = neu.path("uniqueItems").asBoolean(false);
        if (!was && is) {
            out.backward(here.within("uniqueItems"), here.label() + " now requires unique items");
        } else if (was && !is) {
            out.forward(here.within("uniqueItems"), here.label() + " no longer requires unique items");
        }
    }

    /**
     * {@code enum} and {@code const}, taken together as the set of values allowed (a {@code const} is a set of one):
     * each value the new schema no longer allows breaks backward, each value it newly allows breaks forward.
     */
    static void allowedValues(JsonNode old, JsonNode neu, Place here, Changes out) {
        Map<String, JsonNode> was = allowed(old);
        Map<String, JsonNode> is = allowed(neu);
        if (was == null && is == null) {
            return;
        }
        String wasKeyword = old.has("const") ? "const" : "enum";
        String isKeyword = neu.has("const") ? "const" : "enum";
        Place at = here.within(neu.has("const") || (is == null && old.has("const")) ? "const" : "enum");
        if (was == null) {
            out.backward(at, isKeyword + " added to " + here.label() + ": only " + list(is) + " allowed");
        } else if (is == null) {
            out.forward(at, wasKeyword + " of " + here.label() + " removed: values other than " + list(was)
                    + " are allowed");
        } else {
            was.forEach((key, value) -> {
                if (!is.containsKey(key)) {
                    out.backward(at, wasKeyword + " value `" + Values.show(value) + "` removed from " + here.label());
                }
            });
            is.forEach((key, value) -> {
                if (!was.containsKey(key)) {
                    out.forward(at, isKeyword + " value `" + Values.show(value) + "` added to " + here.label());
                }
            });
        }
    }

    private static void multipleOf(JsonNode old, JsonNode neu, Place here, Changes out) {
        JsonNode was = number(old.get("multipleOf"));
        JsonNode is = number(neu.get("multipleOf"));
        Place at = here.within("multipleOf");
        if (was == null && is == null) {
            return;
        }
        if (was == null) {
            out.backward(at, "multipleOf " + is + " added to " + here.label());
            return;
        }
        if (is == null) {
            out.forward(at, "multipleOf of " + here.label() + " removed (was " + was + ")");
            return;
        }
        BigDecimal a = was.decimalValue();
        BigDecimal b = is.decimalValue();
        if (a.compareTo(b) == 0) {
            return;
        }
        String change = "multipleOf of " + here.label() + " changed from " + was + " to " + is;
        if (a.remainder(b).signum() == 0) {
            out.forward(at, change); // every multiple of the old divisor is one of the new: only new events widen
        } else if (b.remainder(a).signum() == 0) {
            out.backward(at, change);
        } else {
            out.both(at, change);
        }
    }

    private static void text(String keyword, JsonNode old, JsonNode neu, Place here, Changes out) {
        JsonNode was = old.get(keyword);
        JsonNode is = neu.get(keyword);
        Place at = here.within(keyword);
        if (was == null && is == null || was != null && is != null && was.equals(is)) {
            return;
        }
        if (was == null) {
            out.backward(at, keyword + " `" + Values.show(is) + "` added to " + here.label());
        } else if (is == null) {
            out.forward(at, keyword + " of " + here.label() + " removed (was `" + Values.show(was) + "`)");
        } else {
            out.both(at, keyword + " of " + here.label() + " changed from `" + Values.show(was) + "` to `"
                    + Values.show(is) + "`");
        }
    }

    /** The values allowed by {@code const} or {@code enum}, by {@link Values#key}; null when neither is present. */
    private static Map<String, JsonNode> allowed(JsonNode schema) {
        JsonNode constant = schema.get("const");
        JsonNode values = constant != null ? null : schema.get("enum");
        if (constant == null && (values == null || !values.isArray())) {
            return null;
        }
        Map<String, JsonNode> allowed = new LinkedHashMap<>();
        for (JsonNode value : constant != null ? java.util.List.of(constant) : values) {
            allowed.putIfAbsent(Values.key(value), value);
        }
        return allowed;
    }

    private static String list(Map<String, JsonNode> values) {
        StringBuilder shown = new StringBuilder();
        int i = 0;
        for (JsonNode value : values.values()) {
            if (i == 5) {
                return shown.append(" and ").append(values.size() - 5).append(" more").toString();
            }
            shown.append(i++ == 0 ? "" : ", ").append('`').append(Values.show(value)).append('`');
        }
        return shown.toString();
    }

    private static JsonNode number(JsonNode value) {
        return value != null && value.isNumber() ? value : null;
    }
}
