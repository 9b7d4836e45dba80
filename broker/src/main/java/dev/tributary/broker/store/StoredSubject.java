package dev.tributary.broker.store;

/**
 * A schema subject as the metadata store keeps it: an event type, optionally scoped to a bus, and the compatibility
 * rule its new versions must follow.
 *
 * @param bus the bus the subject is scoped to, or {@code ""} for a subject that applies on every bus
 * @param compatibility the rule's name as the registry writes it ({@code "backward"}, …), or null for the default
 */
public record StoredSubject(String bus, String type, String compatibility) {
    public StoredSubject {
        Check.present(bus, "bus");
        Check.text(type, "type");
    }
}
