package dev.tributary.bench;

import dev.tributary.core.eventstore.AllSlice;
import dev.tributary.core.eventstore.Direction;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.eventstore.EmbeddedEventStore;
import dev.tributary.eventstore.EventStoreOptions;
import dev.tributary.log.Durability;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The event store in-process: {@link EmbeddedEventStore} on a fresh directory with its defaults (bus {@code events} of
 * 4 partitions with a global order, {@link Durability#FSYNC}); each append is
 * {@code appendToStream(stream, exactly(v) | noStream(), List.of(event)).join()} on the writer's thread.
 *
 * <p>Thread-safe, as the store is. Deletes its directory on close.
 */
final class EmbeddedTarget implements AppendTarget {
    private final Path dir;
    private final EmbeddedEventStore store;
    private final byte[] data;

    private EmbeddedTarget(Path dir, EmbeddedEventStore store, byte[] data) {
        this.dir = dir;
        this.store = store;
        this.data = data;
    }

    /** Opens a store in a new directory under {@code parent}. */
    static EmbeddedTarget open(Path parent, byte[] data) {
        Path dir = parent.resolve("embedded");
        TempDirs.delete(dir);
        EventStoreOptions options = EventStoreOptions.defaults();
        if (options.durability() != Durability.FSYNC) {
            throw new IllegalStateException("EventStoreOptions.defaults() no longer fsyncs: " + options);
        }
        return new EmbeddedTarget(dir, EmbeddedEventStore.open(dir, options), data);
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Writer writer() {
        return new Writer() {
            @Override
            public long append(String stream, long expectedVersion, String eventId) {
                ExpectedVersion expected =
                        expectedVersion < 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(expectedVersion);
                try {
                    return store.appendToStream(stream, expected, List.of(BenchEvents.event(eventId, data)))
                            .join()
                            .currentVersion();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }

            @Override
            public long currentVersion(String stream) {
                return store.streamState(stream).currentVersion();
            }
        };
    }

    @Override
    public long storedEvents() {
        long events = 0;
        long from = 0;
        while (true) {
            AllSlice slice = store.readAll(from, Direction.FORWARD, 1000);
            if (slice.events().isEmpty()) {
                return events;
            }
            events += slice.events().size();
            from = slice.nextPosition();
        }
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            TempDirs.delete(dir);
        }
    }
}
