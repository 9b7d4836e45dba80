package dev.tributary.log;

/**
 * A snapshot of one partition.
 *
 * @param partition the partition number
 * @param startOffset the earliest offset still stored
 * @param endOffset the next offset to be written
 * @param segments number of segment files
 * @param bytes total size of the segment files
 */
public record PartitionState(int partition, long startOffset, long endOffset, int segments, long bytes) {}
