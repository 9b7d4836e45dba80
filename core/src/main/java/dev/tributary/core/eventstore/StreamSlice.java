package dev.tributary.core.eventstore;

import java.util.List;

/**
 * Events read from one stream.
 *
 * @param events in the direction read
 * @param nextVersion where the next read in the same direction continues; {@code -1} when a backward read reached
 *     version 0
 * @param currentVersion the stream's last version at the time of the read
 */
public record StreamSlice(List<RecordedEvent> events, long nextVersion, long currentVersion) {}
