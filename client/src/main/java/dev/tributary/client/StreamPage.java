package dev.tributary.client;

import java.util.List;

/**
 * One read of a stream.
 *
 * @param events the events in the direction asked for
 * @param next the version to read from next, to continue in the same direction
 * @param currentVersion the stream's last version when it was read (-1: no stream)
 */
public record StreamPage(List<StoredEvent> events, long next, long currentVersion) {
    public StreamPage {
        events = List.copyOf(events);
    }
}
