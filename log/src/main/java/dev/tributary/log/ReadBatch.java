package dev.tributary.log;

import java.util.List;

/**
 * Events read from one partition.
 *
 * @param events the events, in offset order
 * @param nextOffset where the next read continues
 * @param endOffset the partition's next offset to be written (its committed end) at the time of the read
 */
public record ReadBatch(List<StoredEvent> events, long nextOffset, long endOffset) {}
