package dev.tributary.eventstore;

import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.log.BusLog;
import dev.tributary.log.StreamReadBatch;
import java.util.concurrent.CompletableFuture;

/**
 * One stream as a subscription's feed; checkpoints are versions. It waits on the stream's partition: the end offset is
 * taken before each read, so an append that lands between the read and the wait wakes it at once.
 */
final class StreamFeed implements Feed {
    private final BusLog log;
    private final String stream;
    private final int partition;
    private long partitionEnd;

    StreamFeed(BusLog log, String stream) {
        this.log = log;
        this.stream = stream;
        this.partition = log.partitionOf(stream);
    }

    @Override
    public Page read(long checkpoint, int max) {
        partitionEnd = log.state(partition).endOffset();
        StreamReadBatch batch = log.readStream(stream, checkpoint, true, max);
        return new Page(Recorded.all(batch.events()), batch.nextVersion(), batch.currentVersion() + 1);
    }

    @Override
    public long after(RecordedEvent event) {
        return event.version() + 1;
    }

    @Override
    public CompletableFuture<Void> whenMore() {
        return log.whenAvailable(partition, partitionEnd);
    }
}
