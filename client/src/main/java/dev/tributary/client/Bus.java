package dev.tributary.client;

import java.time.Instant;
import java.util.List;

/**
 * A bus as the node describes it.
 *
 * @param name its name
 * @param partitions how many partitions it has
 * @param retention how long it keeps events
 * @param createdAt when it was created
 * @param partitionStats each partition's offsets and size, by partition number
 */
public record Bus(String name, int partitions, Retention retention, Instant createdAt,
        List<PartitionStats> partitionStats) {
    public Bus {
        partitionStats = List.copyOf(partitionStats);
    }
}
