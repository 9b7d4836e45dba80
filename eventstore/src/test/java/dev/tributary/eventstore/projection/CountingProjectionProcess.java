package dev.tributary.eventstore.projection;

import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.projection.Counts;
import dev.tributary.core.eventstore.projection.Projection;
import dev.tributary.core.eventstore.projection.ProjectionState;
import dev.tributary.core.eventstore.projection.ProjectionStatus;
import dev.tributary.core.eventstore.projection.ProjectionStore;
import dev.tributary.core.eventstore.projection.Projector;
import dev.tributary.core.eventstore.projection.ProjectorOptions;
import dev.tributary.core.eventstore.projection.StateCodec;
import dev.tributary.eventstore.EmbeddedEventStore;
import dev.tributary.eventstore.EventStoreOptions;
import dev.tributary.log.Durability;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The victim of {@link ProjectorCrashTest}: runs a counting projection (versions checked, so an event applied twice
 * or skipped degrades it) over an embedded store into a SQLite file, printing {@code applied N} as it goes, until it
 * is caught up ({@code done}, exit 0) or degraded ({@code degraded …}, exit 1), unless it is killed first.
 *
 * <pre>CountingProjectionProcess storeDir projections.db batchSize</pre>
 */
public final class CountingProjectionProcess {
    static final String NAME = "crash";

    private CountingProjectionProcess() {}

    public static void main(String[] args) throws Exception {
        Path storeDir = Path.of(args[0]);
        Path db = Path.of(args[1]);
        int batchSize = Integer.parseInt(args[2]);
        AtomicLong applied = new AtomicLong();
        try (EventStore store = EmbeddedEventStore.open(storeDir,
                        EventStoreOptions.defaults().withDurability(Durability.NONE));
                ProjectionStore states = ProjectionStore.sqlite(db)) {
            Projector<Counts> projector = states.projector(store, projection(applied),
                    ProjectorOptions.defaults().withBatchSize(batchSize));
            projector.start();
            say("started at " + projector.status().position());
            while (true) {
                ProjectionStatus s = projector.status();
                if (s.state() == ProjectionState.RUNNING && s.lag() == 0) {
                    say("done");
                    return;
                }
                if (s.state() == ProjectionState.DEGRADED) {
                    say("degraded: " + s.lastError());
                    System.exit(1);
                }
                Thread.sleep(5); // the victim polls; the test waits on what it prints
            }
        }
    }

    static Projection<Counts> projection(AtomicLong applied) {
        return Projection.builder(NAME, StateCodec.json(Counts.class))
                .initialState(Counts.NONE)
                .apply((state, e) -> {
                    long n = applied.incrementAndGet();
                    if (n % 50 == 0) {
                        say("applied " + n);
                    }
                    return state.add(e, true);
                })
                .build();
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
