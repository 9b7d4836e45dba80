package dev.tributary.eventstore;

import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.BusLog;
import dev.tributary.log.IndexKey;
import java.util.concurrent.CompletableFuture;

/**
 * The global order of a bus as a subscription's feed, all of it or one category or type of it ({@code key});
 * checkpoints are positions.
 */
final class AllFeed implements Feed {
    private final BusLog log;
    private final IndexKey key; // null: every event
    private long next;

    AllFeed(BusLog log, IndexKey key) {
        this.log = log;
        this.key = key;
    }

    @Override
    public Page read(long checkpoint, int max) {
        AllReadBatch batch = key == null
                ? log.readAll(checkpoint, max, EmbeddedEventStore.MAX_READ_BYTES)
                : log.readIndex(key, checkpoint, true, max, EmbeddedEventStore.MAX_READ_BYTES);
        next = batch.nextPosition();
        return new Page(Recorded.all(batch.events()), next, batch.endPosition());
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
