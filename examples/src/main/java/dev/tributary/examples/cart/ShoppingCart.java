package dev.tributary.examples.cart;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregate: a cart's state folded from its stream's events, and the decisions it makes. Immutable: each
 * decision returns the events to append, never changes the cart.
 *
 * @param lines quantity and unit price by SKU
 * @param checkedOut once checked out, a cart takes no more changes
 * @param version the version of the last event folded in ({@code -1}: a new cart), the expected version of the next
 *     append
 */
record ShoppingCart(Map<String, Line> lines, boolean checkedOut, long version) {

    record Line(int quantity, long cents) {}

    static final ShoppingCart EMPTY = new ShoppingCart(Map.of(), false, -1);

    ShoppingCart apply(CloudEvent event, long eventVersion) {
        Map<String, Line> next = new LinkedHashMap<>(lines);
        JsonNode data = CartEvents.data(event);
        switch (event.getType()) {
            case CartEvents.ADDED -> next.merge(data.get("sku").asText(),
                    new Line(data.get("quantity").asInt(), data.get("cents").asLong()),
                    (a, b) -> new Line(a.quantity() + b.quantity(), b.cents()));
            case CartEvents.REMOVED -> next.remove(data.get("sku").asText());
            default -> {}
        }
        return new ShoppingCart(Map.copyOf(next), checkedOut || event.getType().equals(CartEvents.CHECKED_OUT),
                eventVersion);
    }

    List<CloudEvent> add(String sku, int quantity, long cents) {
        requireOpen();
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
        return List.of(CartEvents.itemAdded(sku, quantity, cents));
    }

    List<CloudEvent> remove(String sku) {
        requireOpen();
        return lines.containsKey(sku) ? List.of(CartEvents.itemRemoved(sku)) : List.of();
    }

    List<CloudEvent> checkOut() {
        requireOpen();
        if (lines.isEmpty()) {
            throw new IllegalStateException("an empty cart cannot be checked out");
        }
        return List.of(CartEvents.checkedOut());
    }

    long total() {
        return lines.values().stream().mapToLong(l -> l.quantity() * l.cents()).sum();
    }

    private void requireOpen() {
        if (checkedOut) {
            throw new IllegalStateException("the cart is checked out");
        }
    }
}
