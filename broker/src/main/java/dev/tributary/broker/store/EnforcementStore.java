package dev.tributary.broker.store;

import java.util.Map;

/**
 * Each bus's schema enforcement ({@code off}, {@code warn}, {@code enforce}), tied to the bus's incarnation so that a
 * bus deleted and created again under the same name starts with none.
 */
public interface EnforcementStore {

    /** The mode per bus name, for the incarnation it was set on: bus → {incarnation, mode}. */
    Map<String, Setting> all();

    /** Sets the mode of a bus incarnation, replacing any earlier one. */
    void set(String bus, String incarnation, String mode);

    record Setting(String incarnation, String mode) {}
}
