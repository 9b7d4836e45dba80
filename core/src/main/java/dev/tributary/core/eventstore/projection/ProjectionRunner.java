package dev.tributary.core.eventstore.projection;

import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.PositionOutOfRangeException;
import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.Subscription;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs one projection version: a catch-up subscription from its checkpoint feeds an {@link Inbox}; the runner's own
 * thread takes what has arrived (up to a batch), folds it ({@link Batch}) and commits the changed states and the new
 * checkpoint in one transaction ({@link StateSession}), then takes the next. An event it cannot apply is never
 * skipped: the events before it are committed, the checkpoint stands on it, and the runner stops
 * ({@link ProjectionState#DEGRADED}) until an operator retries or skips. The state store failing stops it too, and it
 * tries again after a growing delay.
 *
 * <pre>
 *   CONSUMING ──event failed / subscription ended / fenced──▶ HALTED ──retry, skip──▶ CONSUMING
 *       └──state store failed──▶ WAITING_FOR_STORE ──delay passed, retry──▶ CONSUMING        any ──close──▶ ENDED
 * </pre>
 *
 * <p>Thread-safe: everything but {@link #status} runs on the runner's thread ({@link #retry}, {@link #skip} and
 * {@link #close} are {@link RunnerCalls} it answers between batches); {@link #status} reads a snapshot it publishes.
 */
final class ProjectionRunner<S> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProjectionRunner.class.getName());

    /** Called on the runner's thread after each commit while it runs caught up; true when it is done. */
    interface CaughtUpHook {
        boolean caughtUp(ProjectionRunner<?> runner, Connection connection);
    }

    private enum Mode { CONSUMING, HALTED, WAITING_FOR_STORE, ENDED }

    private record Snapshot(ProjectionState state, long position, String lastError, long errorPosition,
            long skipped, Instant updatedAt, boolean skippable) {}

    private final Projection<S> projection;
    private final EventStore events;
    private final ProjectionStore store;
    private final ProjectorOptions options;
    private final StateTable table;
    private final Inbox inbox;
    private final RunnerCalls calls;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final Thread thread;
    private final String label;
    private volatile CaughtUpHook hook;
    private volatile boolean busy;
    private volatile Subscription subscription;
    private volatile Snapshot snapshot = new Snapshot(ProjectionState.STOPPED, 0, null, -1, 0, null, false);

    // the runner's thread's
    private final StateCache<S> cache;
    private StateSession session;
    private Mode mode = Mode.CONSUMING;
    private long checkpoint;
    private ProjectionState state = ProjectionState.CATCHING_UP;
    private ProjectionState persisted;
    private Failure failure;
    private String lastError;
    private long errorPosition = -1;
    private long skipped;
    private Instant updatedAt;
    private long retryDelayMs;
    private long retryAtNanos;

    ProjectionRunner(Projection<S> projection, EventStore events, ProjectionStore store, StateTable table,
            ProjectorOptions options, CaughtUpHook hook) {
        this.projection = projection;
        this.events = events;
        this.store = store;
        this.table = table;
        this.options = options;
        this.hook = hook;
        this.cache = new StateCache<>(options.cacheSize());
        this.inbox = new Inbox(2 * options.batchSize() + 1);
        this.label = "projection '" + projection.name() + "' v" + projection.version();
        this.calls = new RunnerCalls(inbox::wake, label);
        this.thread = Thread.ofPlatform().daemon().name("tributary-projection-" + projection.name() + "-v"
                + projection.version()).unstarted(this::run);
    }

    Projection<S> projection() {
        return projection;
    }

    StateTable table() {
        return table;
    }

    /** Starts the runner; returns once it subscribed from its checkpoint, or throws why it could not. */
    void start() {
        thread.start();
        try {
            started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    void retry() {
        calls.call(RunnerCalls.Command.RETRY);
    }

    /** Skips the event it is degraded by and goes on; the skipped position. */
    long skip() {
        return (Long) calls.call(RunnerCalls.Command.SKIP);
    }

    /** Whether it stopped at a failure that {@link #skip()} can pass. */
    boolean skippable() {
        return snapshot.skippable;
    }

    /** Stops it after the batch in hand (committed or not, never half); waits for its thread to end. */
    @Override
    public void close() {
        if (thread.getState() == Thread.State.NEW) {
            calls.end();
            return;
        }
        calls.call(RunnerCalls.Command.CLOSE);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ProjectionStatus status(long end) {
        Snapshot s = snapshot;
        long at = s.position;
        Subscription sub = subscription;
        if (s.state == ProjectionState.RUNNING && sub != null) {
            // an idle filtered subscription passes events it does not deliver without saying so at once
            long seen = sub.checkpoint();
            if (!busy && inbox.isEmpty()) {
                at = Math.max(at, seen);
            }
        }
        long lag = end < 0 ? -1 : Math.max(0, end - at);
        return new ProjectionStatus(projection.name(), projection.version(), s.state, s.position, lag, s.lastError,
                s.errorPosition, s.skipped, s.updatedAt);
    }

    private void run() {
        try {
            try {
                resume();
            } catch (SQLException e) {
                started.completeExceptionally(new ProjectionException(label + " on " + store.description()
                        + ": the state store failed: " + e.getMessage(), e));
                return;
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(null);
            loop();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, label + " stopped by a bug", e);
        } finally {
            closeSubscription();
            closeSession();
            state = ProjectionState.STOPPED;
            publish();
            calls.end();
        }
    }

    private void loop() {
        while (true) {
            try {
                RunnerCalls.Call call = calls.next();
                if (call == null) {
                    step();
                } else if (answer(call)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                storeFailed(e);
            } catch (RuntimeException e) {
                haltAndRecord(Failure.unexpected(checkpoint, e)); // a subscribe the store refused, or a bug
            }
        }
    }

    private void step() throws InterruptedException, SQLException {
        switch (mode) {
            case CONSUMING -> {
                List<Inbox.Item> items = inbox.take(options.batchSize());
                busy = true;
                try {
                    process(items);
                } finally {
                    busy = false;
                }
            }
            case HALTED -> inbox.take(1); // drops what an ended subscription still delivers; wakes for calls
            case WAITING_FOR_STORE -> {
                long waitMs = (retryAtNanos - System.nanoTime()) / 1_000_000;
                if (waitMs > 0) {
                    inbox.poll(waitMs);
                } else {
                    resume();
                }
            }
            case ENDED -> throw new IllegalStateException(label + " has ended");
        }
    }

    private void process(List<Inbox.Item> items) throws SQLException {
        Inbox.Taken taken = inbox.sort(items, checkpoint, state);
        List<RecordedEvent> batch = taken.events();
        long next = taken.next();
        ProjectionState target = taken.target();
        if (!batch.isEmpty() || next > checkpoint || target != persisted) {
            commit(batch, next, target);
        } else if (target != state) {
            state = target; // as stored already (by another runner of it, before a restart)
            publish();
        }
        if (mode == Mode.CONSUMING && taken.closed()) {
            subscriptionEnded(taken.closedBy());
        }
        CaughtUpHook h = hook;
        if (mode == Mode.CONSUMING && state == ProjectionState.RUNNING && h != null
                && h.caughtUp(this, session.connection())) {
            hook = null;
        }
    }

    private void commit(List<RecordedEvent> batch, long next, ProjectionState target) throws SQLException {
        Batch.Outcome<S> plain = Batch.fold(projection, batch, cache, session::fetch, false);
        if (plain.ok()) {
            if (write(plain.changes(), next, target, null)) {
                cache.commit(plain.changes());
            }
            return;
        }
        // Fold again from the stored states, encoding after each event, to find the event that fails: a failing
        // apply may have changed cached states in place, so the cache goes too.
        cache.clear();
        Batch.Outcome<S> careful = Batch.fold(projection, batch, cache, session::fetch, true);
        if (careful.ok()) {
            write(careful.changes(), next, target, null); // it failed only once: all of it applied after all
            return;
        }
        RecordedEvent bad = batch.get(careful.failedAt());
        Failure f = Failure.event(bad, careful.stage(), careful.failure());
        if (write(careful.changes(), bad.position(), ProjectionState.DEGRADED, f)) {
            halt(f);
        }
    }

    /** Writes states and checkpoint in one transaction; false when another projector moved the checkpoint. */
    private boolean write(Map<String, Batch.Change<S>> changes, long next, ProjectionState status, Failure f)
            throws SQLException {
        Instant now = options.clock().instant();
        if (!session.commit(changes, checkpoint, next, status, f == null ? null : f.message(),
                f == null ? -1 : f.position(), now)) {
            fenced();
            return false;
        }
        checkpoint = next;
        persisted = status;
        state = status;
        updatedAt = now;
        if (f != null) {
            lastError = f.message();
            errorPosition = f.position();
        }
        publish();
        return true;
    }

    private void subscriptionEnded(Throwable error) {
        if (error instanceof PositionOutOfRangeException p && p.requested() < p.firstPosition()) {
            if (checkpoint == 0) {
                // nothing applied yet, and retention took the first events from every reader alike: start at the first
                closeSubscription();
                subscription = events.subscribe(projection.selection(), p.firstPosition(), inbox.listener());
                return;
            }
            haltAndRecord(Failure.gone(checkpoint, p.firstPosition()));
            return;
        }
        haltAndRecord(Failure.subscriptionEnded(checkpoint, error));
    }

    /** Stops at {@code f} and records it in the checkpoint row (the checkpoint stays). */
    private void haltAndRecord(Failure f) {
        halt(f);
        if (session == null) {
            return;
        }
        try {
            Instant now = options.clock().instant();
            if (session.record(checkpoint, f.message(), f.position(), now)) {
                persisted = ProjectionState.DEGRADED;
                lastError = f.message();
                errorPosition = f.position();
                updatedAt = now;
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, label + ": could not record its failure: " + e);
        }
    }

    private void halt(Failure f) {
        closeSubscription();
        cache.clear();
        failure = f;
        state = ProjectionState.DEGRADED;
        mode = Mode.HALTED;
        publish();
        LOG.log(Level.WARNING, label + " is degraded at position " + f.position() + ": " + f.message());
    }

    private void fenced() {
        String now;
        try {
            now = session.row().map(r -> " (it is " + r.checkpoint() + ")").orElse(" (its row is gone)");
        } catch (SQLException e) {
            now = "";
        }
        halt(Failure.fenced(checkpoint, now));
    }

    private void storeFailed(SQLException e) {
        closeSession();
        closeSubscription();
        cache.clear();
        retryDelayMs = mode == Mode.WAITING_FOR_STORE
                ? Math.min(2 * retryDelayMs, options.maxRetryDelay().toMillis())
                : ProjectorOptions.FIRST_RETRY_DELAY.toMillis();
        retryAtNanos = System.nanoTime() + retryDelayMs * 1_000_000;
        failure = Failure.store(checkpoint, e, retryDelayMs);
        state = ProjectionState.DEGRADED;
        mode = Mode.WAITING_FOR_STORE;
        publish();
        LOG.log(Level.WARNING, label + ": " + failure.message());
    }

    /** (Re)starts consuming from the checkpoint the store holds: the database, not memory, is the truth. */
    private void resume() throws SQLException {
        closeSubscription();
        if (session == null) {
            session = StateSession.open(store, table, projection.name(), projection.version());
        }
        CheckpointRow row = session.row().orElseThrow(() -> new IllegalStateException(label
                + " has no checkpoint row: it was replaced by a newer version or dropped"));
        checkpoint = row.checkpoint();
        persisted = row.status();
        lastError = row.lastError();
        errorPosition = row.errorPosition();
        skipped = row.skipped();
        updatedAt = row.updatedAt();
        cache.clear();
        failure = null;
        state = ProjectionState.CATCHING_UP;
        subscription = events.subscribe(projection.selection(), checkpoint, inbox.listener());
        mode = Mode.CONSUMING;
        retryDelayMs = 0;
        publish();
    }

    /** Answers a call; true when the runner is to end. */
    private boolean answer(RunnerCalls.Call call) throws SQLException {
        switch (call.command()) {
            case CLOSE -> {
                mode = Mode.ENDED;
                call.done().complete(null);
                return true;
            }
            case RETRY -> {
                try {
                    if (mode != Mode.CONSUMING) {
                        resume();
                    }
                } finally {
                    call.done().complete(null);
                }
            }
            case SKIP -> skip(call.done());
        }
        return false;
    }

    private void skip(CompletableFuture<Object> done) throws SQLException {
        Failure f = failure;
        if (mode != Mode.HALTED || f == null || !f.skippable()) {
            done.completeExceptionally(new IllegalStateException(label + " has no failed event to skip: it is "
                    + state + (f == null ? "" : " (" + f.message() + ")")));
            return;
        }
        try {
            if (!session.skip(checkpoint, f.resumeAt(), f.position(), f.message(), options.clock().instant())) {
                fenced();
                done.completeExceptionally(new IllegalStateException(label + ": " + failure.message()));
                return;
            }
            LOG.log(Level.WARNING, label + ": an operator skipped position " + f.position() + " (" + f.message()
                    + ")");
            resume();
            done.complete(f.position());
        } catch (SQLException | RuntimeException e) {
            done.completeExceptionally(e instanceof SQLException sql
                    ? new ProjectionException(label + ": the state store failed: " + sql.getMessage(), sql)
                    : e);
            throw e;
        }
    }

    private void publish() {
        snapshot = new Snapshot(state, checkpoint, failure != null ? failure.message() : lastError,
                failure != null ? failure.position() : errorPosition, skipped, updatedAt,
                mode == Mode.HALTED && failure != null && failure.skippable());
    }

    private void closeSubscription() {
        inbox.nextGeneration(); // first: whatever it still delivers is dropped
        Subscription s = subscription;
        subscription = null;
        if (s != null) {
            s.close();
        }
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
