package dev.tributary.eventstore;

import dev.tributary.core.eventstore.RecordedEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What a catch-up subscription reads: pages from a checkpoint, and a signal when there may be more. */
interface Feed {

    /** A page from {@code checkpoint} (inclusive): its events, where it ends, and the feed's end at the time. */
    record Page(List<RecordedEvent> events, long next, long end) {}

    /** Reads a page of up to {@code max} events; also notes what a later {@link #whenMore} waits from. */
    Page read(long checkpoint, int max);

    /** The checkpoint after {@code event}. */
    long after(RecordedEvent event);

    /** Completes once something may have been appended after the last {@link #read} (at once if it was already). */
    CompletableFuture<Void> whenMore();
}
