package dev.tributary.broker;

import dev.tributary.core.Names;
import java.time.Duration;
import java.time.Instant;

/**
 * What a user asked for when creating a bus.
 *
 * @param name the bus name ({@link Names#requireBusName})
 * @param partitions the partition count, 1..{@value #MAX_PARTITIONS}, fixed for the bus's life (a node may cap it lower:
 *     {@link BusDefaults#maxPartitions()})
 * @param maxAge retention by age, {@code null} to keep events forever
 * @param maxBytes retention by size for the whole bus, {@code -1} for none
 * @param createdAt when the bus was created
 * @param incarnation an id of this bus that no other bus ever had, not even one deleted before under the same name:
 *     what ties a subscription's offsets and its webhook ids to the events they speak of
 * @param globalOrder whether the bus keeps one order across its partitions ({@code $all}); buses made before it
 *     existed get one at their next open
 * @param categorySeparator a stream's category is its id up to the first occurrence of this (1..8 characters; the
 *     whole id when it has none); fixed for the bus's life, since its category index is built with it
 */
public record BusSpec(
        String name,
        int partitions,
        Duration maxAge,
        long maxBytes,
        Instant createdAt,
        String incarnation,
        boolean globalOrder,
        String categorySeparator) {
    public static final int MAX_PARTITIONS = 1024;
    public static final int MAX_CATEGORY_SEPARATOR = 8;

    public BusSpec {
        Names.requireBusName(name);
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException(
                    "partitions must be within 1.." + MAX_PARTITIONS + ", was " + partitions);
        }
        if (maxAge != null && (maxAge.isZero() || maxAge.isNegative())) {
            throw new IllegalArgumentException("retention.maxAge must be a positive duration, was " + maxAge);
        }
        if (maxBytes != -1 && maxBytes <= 0) {
            throw new IllegalArgumentException("retention.maxBytes must be positive or -1 (no limit), was " + maxBytes);
        }
        if (createdAt == null) {
            throw new IllegalArgumentException("createdAt is required");
        }
        if (incarnation == null || !incarnation.matches("[0-9a-z]{1,32}")) {
            throw new IllegalArgumentException("incarnation must be 1..32 of 0-9 a-z, was " + incarnation);
        }
        if (categorySeparator == null || categorySeparator.isEmpty()
                || categorySeparator.length() > MAX_CATEGORY_SEPARATOR) {
            throw new IllegalArgumentException("categorySeparator must be 1.." + MAX_CATEGORY_SEPARATOR
                    + " characters, was " + (categorySeparator == null ? "missing" : categorySeparator.length()));
        }
    }
}
