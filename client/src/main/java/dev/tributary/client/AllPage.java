package dev.tributary.client;

import java.util.List;

/**
 * A page of a bus read in its global order.
 *
 * @param events in the direction read, each with its {@link StoredEvent#position()}
 * @param next where the next read in the same direction continues; {@code -1} when a backward read reached the start
 * @param firstPosition the first position still stored
 * @param endPosition the position the next appended event will get
 */
public record AllPage(List<StoredEvent> events, long next, long firstPosition, long endPosition) {
    public AllPage {
        events = List.copyOf(events);
    }
}
