package dev.tributary.log;

import java.util.List;

/**
 * Events read from a bus in its global order ({@code $all}).
 *
 * @param events the events, each with its {@link StoredEvent#globalPosition()}, in the requested direction
 * @param nextPosition where the next read in the same direction continues; {@code -1} when a backward read reached
 *     the first readable position
 * @param firstPosition the first position whose event is still stored (retention and deletion drop older ones)
 * @param endPosition the position the next appended event will get, at the time of the read
 */
public record AllReadBatch(List<StoredEvent> events, long nextPosition, long firstPosition, long endPosition) {}
