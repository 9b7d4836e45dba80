package dev.tributary.client;

/**
 * What one partition of a bus holds when it was described.
 *
 * @param partition the partition's number
 * @param startOffset the offset of its oldest stored event
 * @param endOffset the offset its next event will get
 * @param segments how many segment files it has
 * @param bytes their size
 */
public record PartitionStats(int partition, long startOffset, long endOffset, int segments, long bytes) {}
