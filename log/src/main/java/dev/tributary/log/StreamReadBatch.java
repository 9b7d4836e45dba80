package dev.tributary.log;

import java.util.List;

/**
 * Events read from one stream.
 *
 * @param events the events, in the requested direction
 * @param nextVersion the version where the next read in the same direction continues; {@code -1} when a backward
 *     read reached version 0
 * @param currentVersion the stream's last version, {@code -1} if the stream does not exist
 * @param firstVersion the first version the stream's metadata keeps (its limits, truncation or a soft delete; beyond
 *     {@code currentVersion} when it keeps none); 0 without metadata
 */
public record StreamReadBatch(List<StoredEvent> events, long nextVersion, long currentVersion, long firstVersion) {}
