package dev.tributary.broker.schema;

import java.util.Locale;

/** What a bus does with events whose data its schemas refuse. */
public enum Enforcement {
    /** No validation (the default). */
    OFF,
    /** Accept the event, count it and log the violation. */
    WARN,
    /** Refuse the request: none of its events is written. */
    ENFORCE;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the choices */
    public static Enforcement fromJsonName(String text) {
        for (Enforcement e : values()) {
            if (e.jsonName().equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("mode must be off, warn or enforce, was \"" + text + "\"");
    }
}
