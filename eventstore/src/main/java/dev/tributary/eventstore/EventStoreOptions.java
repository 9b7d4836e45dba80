package dev.tributary.eventstore;

import dev.tributary.broker.BusSpec;
import dev.tributary.core.Names;
import dev.tributary.log.Durability;

/**
 * Settings of an {@link EmbeddedEventStore}. Immutable; validated on construction.
 *
 * @param bus the bus that holds the streams (created with a global order when missing; an existing bus keeps its
 *     partition count)
 * @param partitions partitions of a bus created by the store, 1..{@value BusSpec#MAX_PARTITIONS}
 * @param durability when appends complete ({@link Durability#FSYNC}: after an fsync)
 * @param fellBehindThreshold how many events a live subscription may fall behind the end before it is told it fell
 *     behind and reads history again
 * @param maxSubscriptions the most catch-up subscriptions open at once (each has a virtual thread)
 */
public record EventStoreOptions(
        String bus, int partitions, Durability durability, int fellBehindThreshold, int maxSubscriptions) {

    public static final String DEFAULT_BUS = "events";

    public EventStoreOptions {
        try {
            Names.requireBusName(bus);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bus: " + e.getMessage(), e);
        }
        if (partitions < 1 || partitions > BusSpec.MAX_PARTITIONS) {
            throw new IllegalArgumentException(
                    "partitions must be within 1.." + BusSpec.MAX_PARTITIONS + ", was " + partitions);
        }
        if (durability == null) {
            throw new IllegalArgumentException("durability is required");
        }
        if (fellBehindThreshold < 1) {
            throw new IllegalArgumentException("fellBehindThreshold must be at least 1, was " + fellBehindThreshold);
        }
        if (maxSubscriptions < 1 || maxSubscriptions > 100_000) {
            throw new IllegalArgumentException("maxSubscriptions must be within 1..100000, was " + maxSubscriptions);
        }
    }

    /** Bus {@value #DEFAULT_BUS} of 4 partitions, fsync, 10,000 events of slack, 1,000 subscriptions. */
    public static EventStoreOptions defaults() {
        return new EventStoreOptions(DEFAULT_BUS, 4, Durability.FSYNC, 10_000, 1_000);
    }

    public EventStoreOptions withBus(String value) {
        return new EventStoreOptions(value, partitions, durability, fellBehindThreshold, maxSubscriptions);
    }

    public EventStoreOptions withDurability(Durability value) {
        return new EventStoreOptions(bus, partitions, value, fellBehindThreshold, maxSubscriptions);
    }

    public EventStoreOptions withFellBehindThreshold(int value) {
        return new EventStoreOptions(bus, partitions, durability, value, maxSubscriptions);
    }

    public EventStoreOptions withMaxSubscriptions(int value) {
        return new EventStoreOptions(bus, partitions, durability, fellBehindThreshold, value);
    }
}
