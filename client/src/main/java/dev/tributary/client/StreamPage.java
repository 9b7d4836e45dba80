package dev.tributary.client;

import java.util.List;

/**
 * One read of a stream.
 *
 * @param events the events in the direction asked for
 * @param next the version to read from next, to continue in the same direction
 * @param currentVersion the stream's last version when it was read (-1: no stream)
 * @param firstVersion the first version the stream's metadata keeps (0 without limits)
 */
public record StreamPage(List<StoredEvent> events, long next, long currentVersion, long firstVersion) {
    public StreamPage {
        events = List.copyOf(events);
    }
}
