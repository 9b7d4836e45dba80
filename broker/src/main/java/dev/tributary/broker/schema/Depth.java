package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * How deeply JSON nests: a scalar is depth 0, {@code {}} and {@code []} depth 1, {@code {"a": [1]}} depth 2. The walk
 * stops one level past the bound, so its own recursion is bounded by it, whatever the input.
 */
final class Depth {
    private Depth() {}

    /** The JSON pointer of the first object or array nested deeper than {@code max}, or null if there is none. */
    static String firstBeyond(JsonNode json, int max) {
        Deque<String> path = new ArrayDeque<>();
        return beyond(json, 1, max, path) ? pointer(path) : null;
    }

    private static boolean beyond(JsonNode node, int level, int max, Deque<String> path) {
        if (!node.isContainerNode()) {
            return false;
        }
        if (level > max) {
            return true;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (beyond(node.get(i), level + 1, max, path)) {
                    path.addFirst(Integer.toString(i));
                    return true;
                }
            }
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (beyond(field.getValue(), level + 1, max, path)) {
                path.addFirst(field.getKey());
                return true;
            }
        }
        return false;
    }

    private static String pointer(Deque<String> path) {
        StringBuilder pointer = new StringBuilder();
        for (String segment : path) {
            pointer.append('/').append(Pointers.escape(segment));
        }
        return pointer.toString();
    }
}
