package dev.tributary.broker.schema;

import dev.tributary.core.Names;

/**
 * What a schema is registered under: an event type ({@code order.placed}), either for every bus ({@link #global}) or
 * for one bus only ({@link #onBus}). An event of type T on bus B is checked against the subject (B, T) if it has a
 * live version, else against the global subject T.
 *
 * <p>Types use the alphabet of stream ids, so that a subject fits in a URL path and a {@link SchemaUri} unescaped.
 *
 * @param bus the bus name, or null for a subject of every bus
 * @param type 1–256 characters {@code A-Z a-z 0-9 . _ - : @ + = ~}
 */
public record Subject(String bus, String type) {
    public static final int MAX_TYPE_LENGTH = 256;

    public Subject {
        if (bus != null) {
            Names.requireBusName(bus);
        }
        if (!Names.isStreamId(type)) {
            throw new IllegalArgumentException("type must be 1-" + MAX_TYPE_LENGTH
                    + " characters A-Z a-z 0-9 . _ - : @ + = ~, was " + show(type));
        }
    }

    /** The subject of an event type on every bus. */
    public static Subject global(String type) {
        return new Subject(null, type);
    }

    /** The subject of an event type on one bus, which takes precedence over the global one there. */
    public static Subject onBus(String bus, String type) {
        if (bus == null) {
            throw new IllegalArgumentException("bus is null");
        }
        return new Subject(bus, type);
    }

    public boolean isGlobal() {
        return bus == null;
    }

    /** {@code order.placed}, or {@code orders/order.placed} for a subject of bus {@code orders}. */
    @Override
    public String toString() {
        return bus == null ? type : bus + "/" + type;
    }

    private static String show(String value) {
        if (value == null) {
            return "null";
        }
        return value.isEmpty() ? "\"\" (empty)" : '"' + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + '"';
    }
}
