package dev.tributary.eventstore;

import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.filter.Filter;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.BusLog;
import dev.tributary.log.IndexKey;
import dev.tributary.log.StoredEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The global order of a bus as a subscription's feed, all of it or one category or type of it ({@code key}), and of
 * those the events a filter holds for; checkpoints are positions (past the events the filter left out).
 */
final class AllFeed implements Feed {
    private final BusLog log;
    private final IndexKey key; // null: every event
    private final Filter filter; // null: no filter
    private long next;

    AllFeed(BusLog log, IndexKey key, Filter filter) {
        this.log = log;
        this.key = key;
        this.filter = filter;
    }

    @Override
    public Page read(long checkpoint, int max) {
        AllReadBatch batch = key == null
                ? log.readAll(checkpoint, max, EmbeddedEventStore.MAX_READ_BYTES)
                : log.readIndex(key, checkpoint, true, max, EmbeddedEventStore.MAX_READ_BYTES);
        next = batch.nextPosition();
        List<StoredEvent> events = filter == null ? batch.events()
                : batch.events().stream().filter(e -> filter.matches(e.event())).toList();
        return new Page(Recorded.all(events), next, batch.endPosition());
    }

    @Override
    public long after(RecordedEvent event) {
        return event.position() + 1;
    }

    @Override
    public CompletableFuture<Void> whenMore() {
        return log.whenAllAvailable(next);
    }
}
