package dev.tributary.core.eventstore;

import java.util.List;

/**
 * Events read from one stream.
 *
 * @param events in the direction read
 * @param nextVersion where the next read in the same direction continues; {@code -1} when a backward read reached
 *     the first version kept
 * @param currentVersion the stream's last version at the time of the read
 * @param firstVersion the first version the stream's metadata keeps (0 without limits; beyond {@code currentVersion}
 *     after a soft delete)
 */
public record StreamSlice(List<RecordedEvent> events, long nextVersion, long currentVersion, long firstVersion) {}
