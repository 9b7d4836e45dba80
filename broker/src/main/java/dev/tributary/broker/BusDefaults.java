package dev.tributary.broker;

import dev.tributary.log.Durability;
import dev.tributary.log.WriterPool;
import java.time.Duration;

/**
 * Node-wide log settings applied to every bus.
 *
 * @param durability when appends complete
 * @param segmentBytes segment roll size
 * @param dedupWindow duplicate window
 * @param maxPartitions the most partitions one bus may be created with, 1..{@value BusSpec#MAX_PARTITIONS}
 * @param writerThreads the threads that write all partitions of all buses, 1..{@value WriterPool#MAX_THREADS}
 * @param maxBuses the most buses the node keeps, dead-letter buses included
 */
public record BusDefaults(Durability durability, long segmentBytes, Duration dedupWindow, int maxPartitions,
        int writerThreads, int maxBuses) {
    public static final int DEFAULT_MAX_PARTITIONS = 256;
    public static final int DEFAULT_MAX_BUSES = 10_000;

    public BusDefaults {
        if (maxPartitions < 1 || maxPartitions > BusSpec.MAX_PARTITIONS) {
            throw new IllegalArgumentException(
                    "max-partitions must be within 1.." + BusSpec.MAX_PARTITIONS + ", was " + maxPartitions);
        }
        if (writerThreads < 1 || writerThreads > WriterPool.MAX_THREADS) {
            throw new IllegalArgumentException(
                    "writer-threads must be within 1.." + WriterPool.MAX_THREADS + ", was " + writerThreads);
        }
        if (maxBuses < 1) {
            throw new IllegalArgumentException("max-buses must be at least 1, was " + maxBuses);
        }
    }

    /** With the default partition cap and writer threads. */
    public BusDefaults(Durability durability, long segmentBytes, Duration dedupWindow) {
        this(durability, segmentBytes, dedupWindow, DEFAULT_MAX_PARTITIONS, WriterPool.DEFAULT_THREADS,
                DEFAULT_MAX_BUSES);
    }
}
