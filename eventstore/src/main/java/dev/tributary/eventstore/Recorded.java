package dev.tributary.eventstore;

import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.log.StoredEvent;
import java.util.List;

/** Stored events of the log as the event store's recorded events. */
final class Recorded {
    private Recorded() {}

    static RecordedEvent of(StoredEvent e) {
        return new RecordedEvent(e.stream(), e.version(), e.globalPosition(), e.time(), e.event());
    }

    static List<RecordedEvent> all(List<StoredEvent> events) {
        return events.stream().map(Recorded::of).toList();
    }
}
