package dev.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The CloudEvents the tests publish, as structured JSON (how the node answers them on reads), and their binary-mode
 * form. Each carries an extension ({@code tenant}) and JSON data of random size, so that a read-back comparison
 * covers attributes, extensions and data.
 */
final class TestEvents {
    private TestEvents() {}

    static ObjectNode event(String source, String id, String type, Random random) {
        ObjectNode event = Http.JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", type);
        event.put("tenant", "t" + random.nextInt(5));
        event.put("datacontenttype", "application/json");
        ObjectNode data = event.putObject("data");
        data.put("id", id);
        data.put("amount", random.nextInt(1_000_000));
        data.put("pad", "x".repeat(random.nextInt(50, 1500)));
        return event;
    }

    static String key(JsonNode event) {
        return event.path("source").asText() + " " + event.path("id").asText();
    }

    /** The binary-mode headers of an event; its body is {@link #binaryBody}. */
    static Map<String, String> binaryHeaders(JsonNode event) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : event.properties()) {
            switch (field.getKey()) {
                case "data" -> {}
                case "datacontenttype" -> headers.put("content-type", field.getValue().asText());
                default -> headers.put("ce-" + field.getKey(), field.getValue().asText());
            }
        }
        return headers;
    }

    static String binaryBody(JsonNode event) {
        return event.get("data").toString();
    }

    static String json(Object node) {
        return node.toString();
    }
}
