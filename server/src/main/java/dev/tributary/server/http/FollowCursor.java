package dev.tributary.server.http;

import dev.tributary.core.filter.Filter;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.BusLog;
import dev.tributary.log.IndexKey;
import dev.tributary.log.ReadBatch;
import dev.tributary.log.StoredEvent;
import dev.tributary.log.StreamReadBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a live tail stands and how to move it: a partition, a stream, or every partition of a bus. Not thread-safe:
 * one follower calls it, one call at a time (from worker threads, since reads touch files). Public for the gRPC API's
 * {@code Follow}, which moves the same way.
 */
public interface FollowCursor {
    int BATCH = 100;

    /** An event and the SSE id that resumes right after it. */
    record Message(String id, StoredEvent event) {}

    /** Reads what is there after the cursor (possibly nothing) and moves past it. Blocking. */
    List<Message> readMore();

    /** Completes when there may be more to read. */
    CompletableFuture<Void> whenMore();

    /** The SSE id that resumes where the cursor stands (after the last event read). */
    String resumeId();

    /**
     * A position past events that did not match, worth telling a filtered follower even though nothing was read
     * (the SSE id of an {@code event: checkpoint} message); null when none is due.
     */
    default String checkpoint() {
        return null;
    }

    /**
     * Whether the last read reached the end: a read that returned nothing before it (a filter left every event out)
     * is followed at once by the next one, not by a wait.
     */
    default boolean atEnd() {
        return true;
    }

    /** Positions a filtered follower passes without a match before it is sent a checkpoint. */
    int CHECKPOINT_INTERVAL = 1000;

    /**
     * The global order of a bus from position {@code next}, all of it ({@code key} null) or one category or type, and
     * of those the events {@code filter} holds for (null: all); ids are the position after each event.
     */
    static FollowCursor all(BusLog log, IndexKey key, Filter filter, long next) {
        return new FollowCursor() {
            long cursor = next;
            long told = next; // the last id the follower was sent
            boolean atEnd;

            @Override
            public List<Message> readMore() {
                AllReadBatch batch = key == null
                        ? log.readAll(cursor, BATCH, ReadRoutes.MAX_READ_BYTES)
                        : log.readIndex(key, cursor, true, BATCH, ReadRoutes.MAX_READ_BYTES);
                List<Message> messages = new ArrayList<>(batch.events().size());
                for (StoredEvent e : batch.events()) {
                    if (filter == null || filter.matches(e.event())) {
                        messages.add(new Message(Long.toString(e.globalPosition() + 1), e));
                        told = e.globalPosition() + 1;
                    }
                }
                cursor = batch.nextPosition();
                atEnd = cursor >= batch.endPosition();
                return messages;
            }

            @Override
            public boolean atEnd() {
                return atEnd;
            }

            @Override
            public String checkpoint() {
                if (cursor - told < CHECKPOINT_INTERVAL) {
                    return null;
                }
                told = cursor;
                return Long.toString(cursor);
            }

            @Override
            public CompletableFuture<Void> whenMore() {
                return log.whenAllAvailable(cursor);
            }

            @Override
            public String resumeId() {
                return Long.toString(cursor);
            }
        };
    }

    static FollowCursor partition(BusLog log, int partition, long next) {
        return new FollowCursor() {
            long cursor = next;

            @Override
            public List<Message> readMore() {
                ReadBatch batch = log.read(partition, cursor, BATCH, ReadRoutes.MAX_READ_BYTES);
                List<Message> messages = new ArrayList<>(batch.events().size());
                for (StoredEvent e : batch.events()) {
                    cursor = e.offset() + 1;
                    messages.add(new Message(Long.toString(cursor), e));
                }
                cursor = Math.max(cursor, batch.nextOffset());
                return messages;
            }

            @Override
            public CompletableFuture<Void> whenMore() {
                return log.whenAvailable(partition, cursor);
            }

            @Override
            public String resumeId() {
                return Long.toString(cursor);
            }
        };
    }

    static FollowCursor stream(BusLog log, String stream, long nextVersion) {
        int partition = log.partitionOf(stream);
        return new FollowCursor() {
            long cursor = nextVersion;
            long seenEnd;

            @Override
            public List<Message> readMore() {
                // The end is taken before the read so that an append racing the read still wakes the follower.
                seenEnd = log.state(partition).endOffset();
                StreamReadBatch batch = log.readStream(stream, cursor, true, BATCH);
                List<Message> messages = new ArrayList<>(batch.events().size());
                for (StoredEvent e : batch.events()) {
                    cursor = e.version() + 1;
                    messages.add(new Message(Long.toString(cursor), e));
                }
                return messages;
            }

            @Override
            public CompletableFuture<Void> whenMore() {
                return log.whenAvailable(partition, seenEnd);
            }

            @Override
            public String resumeId() {
                return Long.toString(cursor);
            }
        };
    }

    static FollowCursor bus(BusLog log, long[] next) {
        return new FollowCursor() {
            final long[] cursor = next.clone();

            @Override
            public List<Message> readMore() {
                List<Message> messages = new ArrayList<>();
                for (int p = 0; p < cursor.length; p++) {
                    ReadBatch batch = log.read(p, cursor[p], BATCH, ReadRoutes.MAX_READ_BYTES);
                    for (StoredEvent e : batch.events()) {
                        cursor[p] = e.offset() + 1;
                        messages.add(new Message(id(), e));
                    }
                    cursor[p] = Math.max(cursor[p], batch.nextOffset());
                }
                return messages;
            }

            @Override
            public String resumeId() {
                return id();
            }

            private String id() {
                StringBuilder id = new StringBuilder();
                for (int p = 0; p < cursor.length; p++) {
                    id.append(p == 0 ? "" : ",").append(cursor[p]);
                }
                return id.toString();
            }

            @Override
            public CompletableFuture<Void> whenMore() {
                CompletableFuture<?>[] waits = new CompletableFuture<?>[cursor.length];
                for (int p = 0; p < cursor.length; p++) {
                    waits[p] = log.whenAvailable(p, cursor[p]);
                }
                return CompletableFuture.anyOf(waits).thenApply(ignored -> null);
            }
        };
    }
}
