package dev.tributary.client;

import java.util.List;

/**
 * One read of a partition.
 *
 * @param events the events from the offset asked for, oldest first; empty at the partition's end
 * @param next the offset to read from next, to continue after these events
 */
public record PartitionPage(List<StoredEvent> events, long next) {
    public PartitionPage {
        events = List.copyOf(events);
    }
}
