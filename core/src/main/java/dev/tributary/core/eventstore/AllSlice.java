package dev.tributary.core.eventstore;

import java.util.List;

/**
 * Events read in the global order ({@code $all}).
 *
 * @param events in the direction read, each with its {@link RecordedEvent#position()}
 * @param nextPosition where the next read in the same direction continues; {@code -1} when a backward read reached
 *     the first readable position
 * @param firstPosition the first position still stored
 * @param endPosition the position the next appended event will get, at the time of the read
 */
public record AllSlice(List<RecordedEvent> events, long nextPosition, long firstPosition, long endPosition) {}
