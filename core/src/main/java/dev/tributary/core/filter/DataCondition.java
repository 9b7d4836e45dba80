package dev.tributary.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;

/**
 * One {@code data.<field>[.<field>...]: value} pair of {@code exact}, {@code prefix} or {@code suffix} (a Vanus
 * extension to the Subscriptions API). Fields name object members only; a path through an array finds nothing.
 */
final class DataCondition implements Condition {
    private final String path;
    private final String[] fields;
    private final Comparison comparison;
    private final String expected;

    /** {@code path} is the dialect's position, under which unparsable data is reported. */
    DataCondition(String path, String[] fields, Comparison comparison, String expected) {
        this.path = path;
        this.fields = fields.clone();
        this.comparison = comparison;
        this.expected = expected;
    }

    @Override
    public boolean test(CloudEvent event, EventData data) {
        JsonNode node = data.json(path);
        for (String field : fields) {
            if (node == null || !node.isObject()) {
                return false;
            }
            node = node.get(field);
        }
        String text = scalarText(node);
        return text != null && comparison.test(text, expected);
    }

    private static String scalarText(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return node.isNumber() || node.isBoolean() ? node.asText() : null;
    }
}
