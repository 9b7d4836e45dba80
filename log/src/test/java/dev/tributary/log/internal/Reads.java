package dev.tributary.log.internal;

import dev.tributary.log.BusLog;
import dev.tributary.log.ReadBatch;
import dev.tributary.log.StoredEvent;
import java.util.ArrayList;
import java.util.List;

/** Reads whole partitions for assertions. */
final class Reads {
    private Reads() {}

    static List<StoredEvent> all(BusLog log, int partition) {
        List<StoredEvent> out = new ArrayList<>();
        long next = log.state(partition).startOffset();
        while (true) {
            ReadBatch b = log.read(partition, next, 97, Long.MAX_VALUE);
            if (b.events().isEmpty()) {
                return out;
            }
            out.addAll(b.events());
            next = b.nextOffset();
        }
    }

    static List<String> ids(List<StoredEvent> events) {
        return events.stream().map(e -> e.event().getId()).toList();
    }
}
