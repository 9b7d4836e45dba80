package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/** JSON values as JSON Schema compares them: numbers by value ({@code 1} equals {@code 1.0}). Stateless. */
final class Values {
    private static final int SHOWN = 60;
    private static final Comparator<JsonNode> SCALARS = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Values() {}

    static boolean equal(JsonNode a, JsonNode b) {
        return a.equals(SCALARS, b);
    }

    /** A key that equal scalars share, for sets of enum values (objects in another key order get another key). */
    static String key(JsonNode value) {
        return value.isNumber() ? "n:" + value.decimalValue().stripTrailingZeros().toPlainString() : value.toString();
    }

    /** A value as messages show it: a string as its text, anything else as JSON; cut to a readable length. */
    static String show(JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.toString();
        return text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
    }
}
