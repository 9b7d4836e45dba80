package dev.tributary.examples.cart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.UUID;

/** The cart's events as CloudEvents with JSON data: {@code cart.item-added}, {@code cart.item-removed}, {@code cart.checked-out}. */
final class CartEvents {
    static final String ADDED = "cart.item-added";
    static final String REMOVED = "cart.item-removed";
    static final String CHECKED_OUT = "cart.checked-out";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI SOURCE = URI.create("/examples/cart");

    private CartEvents() {}

    static CloudEvent itemAdded(String sku, int quantity, long cents) {
        ObjectNode data = JSON.createObjectNode().put("sku", sku).put("quantity", quantity).put("cents", cents);
        return event(ADDED, data);
    }

    static CloudEvent itemRemoved(String sku) {
        return event(REMOVED, JSON.createObjectNode().put("sku", sku));
    }

    static CloudEvent checkedOut() {
        return event(CHECKED_OUT, JSON.createObjectNode());
    }

    private static CloudEvent event(String type, ObjectNode data) {
        try {
            return CloudEventBuilder.v1()
                    .withId(UUID.randomUUID().toString())
                    .withSource(SOURCE)
                    .withType(type)
                    .withData("application/json", JSON.writeValueAsBytes(data))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode data(CloudEvent event) {
        try {
            return JSON.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
