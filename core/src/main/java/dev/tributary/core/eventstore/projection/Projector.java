package dev.tributary.core.eventstore.projection;

import dev.tributary.core.eventstore.Direction;
import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.PositionOutOfRangeException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one projection and answers queries of its states. Made by {@link ProjectionStore#projector}; works the same
 * over an embedded and a remote {@link EventStore}.
 *
 * <p>Versions: queries answer from the serving version's table. A projection whose version is above the stored one
 * (at {@link #start()}, or given to {@link #rebuild}) is built from the start in its own table beside it, while the
 * old one keeps serving (and, when this projector runs it, keeps applying new events); once the new one has caught
 * up, one transaction makes it the serving version and drops the old tables. The serving version is stored, so a
 * restart in the middle resumes the rebuild where it was. While the old version has no code to run (the application
 * started with the new one only), it serves what it had, decoded with the new version's codec.
 *
 * <p>Thread-safe. Queries, {@link #status()}, {@link #retry()} and {@link #skip()} may be called from any thread;
 * queries share one connection, one at a time. The state store failing in a query is a {@link ProjectionException}.
 */
public final class Projector<S> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Projector.class.getName());
    private static final int MAX_PAGE = 10_000;

    /** The version queries answer from; {@code runner} is null when this projector does not run it. */
    private record Served<S>(int version, StateTable table, StateCodec<S> codec, ProjectionRunner<S> runner) {}

    private final ProjectionStore store;
    private final EventStore events;
    private final Projection<S> projection;
    private final ProjectorOptions options;
    /** Guards the query connection and the changes of versions; never held while waiting for a runner. */
    private final ReentrantLock lock = new ReentrantLock();
    private Connection queries;
    private boolean started;
    private boolean closed;
    private volatile Served<S> serving;
    private volatile ProjectionRunner<S> rebuilding;

    Projector(ProjectionStore store, EventStore events, Projection<S> projection, ProjectorOptions options) {
        this.store = store;
        this.events = events;
        this.projection = projection;
        this.options = options;
    }

    public String name() {
        return projection.name();
    }

    /**
     * Starts applying events from the stored checkpoint (from the start for a new projection or version), and returns
     * once subscribed. A projection stored as degraded tries its failed event again.
     *
     * @throws IllegalStateException when started or closed already, or when a newer version than this one serves
     * @throws IllegalArgumentException when the event store refuses the selection (a filter that is not CESQL)
     * @throws ProjectionException when the state store fails
     */
    public void start() {
        lock.lock();
        if (closed || started) {
            lock.unlock();
            throw new IllegalStateException(label() + (closed ? " is closed" : " is started already"));
        }
        started = true;
        try {
            queries = store.connect();
            int version = projection.version();
            StateTable table = table(projection);
            CheckpointRow served = CheckpointTable.rows(queries, name()).stream()
                    .filter(CheckpointRow::serving).findFirst().orElse(null);
            if (served != null && served.version() > version) {
                throw new IllegalStateException(label() + ": version " + served.version()
                        + " serves already, and the tables of older versions are gone; start version "
                        + served.version() + " or later");
            }
            boolean fresh = served == null;
            prepare(projection, fresh);
            if (served == null || served.version() == version) {
                serving = new Served<>(version, table, projection.codec(), runner(projection, false));
            } else {
                StateTable old = new StateTable(name(), served.version(), store.dialect(), table.text());
                serving = new Served<>(served.version(), old, projection.codec(), null);
                rebuilding = runner(projection, true);
                LOG.log(Level.INFO, label() + " rebuilds beside version " + served.version() + ", which serves");
            }
            startRunners();
        } catch (SQLException | RuntimeException e) {
            abandonStart();
            throw e instanceof SQLException sql ? failed(sql) : (RuntimeException) e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rebuilds the projection as {@code next} (same name, a higher version) from the start, beside the serving
     * version, which keeps serving and running until {@code next} has caught up. A rebuild of a lower version in
     * progress is abandoned (its table dropped).
     *
     * @throws IllegalArgumentException when {@code next} has another name or a version not above those stored
     * @throws IllegalStateException when not started, closed, or rebuilding {@code next}'s version already
     */
    public void rebuild(Projection<S> next) {
        ProjectionChecks.requireValid(next);
        if (!next.name().equals(name())) {
            throw new IllegalArgumentException("a rebuild of " + label() + " must be named '" + name() + "', was '"
                    + next.name() + "'");
        }
        ProjectionRunner<S> abandoned;
        lock.lock();
        try {
            requireRunning();
            int current = serving.version();
            ProjectionRunner<S> building = rebuilding;
            if (building != null && building.projection().version() == next.version()) {
                throw new IllegalStateException(label() + " is rebuilding version " + next.version() + " already");
            }
            int floor = building == null ? current : Math.max(current, building.projection().version());
            if (next.version() <= floor) {
                throw new IllegalArgumentException("a rebuild needs a version above " + floor + ", was "
                        + next.version());
            }
            abandoned = building;
            rebuilding = null;
        } finally {
            lock.unlock();
        }
        if (abandoned != null) {
            abandoned.close();
        }
        lock.lock();
        try {
            requireRunning();
            if (abandoned != null) {
                Versions.abandon(queries, abandoned.table(), name(), abandoned.projection().version());
            }
            prepare(next, false);
            ProjectionRunner<S> runner = runner(next, true);
            rebuilding = runner;
            try {
                runner.start();
            } catch (RuntimeException e) {
                rebuilding = null;
                throw e;
            }
            LOG.log(Level.INFO, label() + " rebuilds as version " + next.version());
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            lock.unlock();
        }
    }

    /** The serving version's status: state, position, lag behind the store's end, last error. */
    public ProjectionStatus status() {
        Served<S> s = requireStarted();
        long end = endPosition();
        if (s.runner() != null) {
            return s.runner().status(end);
        }
        CheckpointRow row = query(c -> CheckpointTable.row(c, name(), s.version())).orElseThrow(
                () -> new IllegalStateException(label() + ": the row of serving version " + s.version() + " is gone"));
        return new ProjectionStatus(name(), row.version(), ProjectionState.STOPPED, row.checkpoint(),
                end < 0 ? -1 : Math.max(0, end - row.checkpoint()), row.lastError(), row.errorPosition(),
                row.skipped(), row.updatedAt());
    }

    /** The status of the version being rebuilt, if one is. */
    public Optional<ProjectionStatus> rebuildStatus() {
        requireStarted();
        ProjectionRunner<S> r = rebuilding;
        return r == null ? Optional.empty() : Optional.of(r.status(endPosition()));
    }

    /** The version queries answer from. */
    public int servingVersion() {
        return requireStarted().version();
    }

    /** The committed state of {@code key} in the serving version. */
    public Optional<S> state(String key) {
        if (key == null || key.isEmpty() || key.length() > ProjectionChecks.MAX_KEY || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("key must be 1-" + ProjectionChecks.MAX_KEY
                    + " characters without NUL, was " + ProjectionChecks.show(key));
        }
        Served<S>[] at = holder();
        byte[] bytes = query(c -> {
            at[0] = serving;
            return at[0].table().read(c, key);
        });
        return bytes == null ? Optional.empty() : Optional.of(at[0].codec().decode(bytes));
    }

    /** Up to {@code limit} (1..10,000) states with keys after {@code afterKey} (null: from the first), in key order. */
    public List<KeyedState<S>> states(String afterKey, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_PAGE + ", was " + limit);
        }
        Served<S>[] at = holder();
        List<StateTable.Row> rows = query(c -> {
            at[0] = serving;
            return at[0].table().page(c, afterKey == null ? "" : afterKey, limit);
        });
        List<KeyedState<S>> states = new ArrayList<>(rows.size());
        for (StateTable.Row row : rows) {
            states.add(new KeyedState<>(row.key(), at[0].codec().decode(row.state()), row.changedAt()));
        }
        return states;
    }

    /** The events skipped in the serving version, each with its error, by position. */
    public List<SkippedEvent> skipped() {
        int version = requireStarted().version();
        return query(c -> CheckpointTable.skips(c, name(), version));
    }

    /** Tries again where a degraded version (serving or rebuilding) stopped; nothing for one that runs. */
    public void retry() {
        requireStarted();
        for (ProjectionRunner<S> r : runners()) {
            if (r.status(-1).state() == ProjectionState.DEGRADED) {
                r.retry();
            }
        }
    }

    /**
     * Skips the event a degraded version failed on (or the events retention took before it applied them), records
     * it with its error ({@link #skipped()}, {@link ProjectionStatus#skipped()}) and goes on after it. Applies to
     * each version degraded by an event.
     *
     * @return the position skipped (the serving version's when both were degraded)
     * @throws IllegalStateException when no version is degraded by an event
     */
    public long skip() {
        requireStarted();
        List<ProjectionRunner<S>> degraded = runners().stream().filter(ProjectionRunner::skippable).toList();
        if (degraded.isEmpty()) {
            ProjectionStatus s = status();
            throw new IllegalStateException(label() + " has no failed event to skip: it is " + s.state()
                    + (s.state() == ProjectionState.DEGRADED ? " (" + s.lastError() + ")" : ""));
        }
        long first = -1;
        for (ProjectionRunner<S> r : degraded) {
            long position = r.skip();
            first = first < 0 ? position : first;
        }
        return first;
    }

    /** Stops the runners and releases the connections; the states and checkpoints stay. */
    @Override
    public void close() {
        List<ProjectionRunner<S>> runners;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            runners = runners();
        } finally {
            lock.unlock();
        }
        for (ProjectionRunner<S> r : runners) {
            r.close();
        }
        lock.lock();
        try {
            if (queries != null) {
                queries.close();
            }
        } catch (SQLException e) {
            // closing anyway
        } finally {
            lock.unlock();
            store.closed(this);
        }
    }

    /** On the rebuilding runner's thread, once it runs caught up: makes it the serving version. */
    private boolean promote(ProjectionRunner<?> caughtUp, Connection connection) {
        ProjectionRunner<S> old;
        lock.lock();
        try {
            if (closed || rebuilding != caughtUp) {
                return true;
            }
            old = serving.runner();
        } finally {
            lock.unlock();
        }
        if (old != null) {
            old.close(); // its last batch is committed before the switch, and none after
        }
        lock.lock();
        try {
            if (closed || rebuilding != caughtUp) {
                return true;
            }
            ProjectionRunner<S> next = rebuilding;
            int version = next.projection().version();
            List<Integer> dropped;
            try {
                dropped = Versions.promote(connection, store.dialect(), name(), version);
            } catch (SQLException e) {
                LOG.log(Level.WARNING, label() + ": version " + version + " caught up, but the switch failed (tried"
                        + " again after its next batch): " + e.getMessage());
                return false;
            }
            serving = new Served<>(version, next.table(), next.projection().codec(), next);
            rebuilding = null;
            LOG.log(Level.INFO, label() + ": version " + version + " caught up and serves; dropped " + dropped);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void prepare(Projection<S> p, boolean serve) throws SQLException {
        Versions.prepare(queries, table(p), name(), p.version(), serve, options.clock().instant());
    }

    private ProjectionRunner<S> runner(Projection<S> p, boolean rebuild) {
        return new ProjectionRunner<>(p, events, store, table(p), options, rebuild ? this::promote : null);
    }

    private void startRunners() {
        if (serving.runner() != null) {
            serving.runner().start();
        }
        if (rebuilding != null) {
            rebuilding.start();
        }
    }

    /** A start that failed leaves nothing running: runners stopped, connection closed, the name free again. */
    private void abandonStart() {
        for (ProjectionRunner<S> r : runners()) {
            r.close();
        }
        closed = true;
        try {
            if (queries != null) {
                queries.close();
            }
        } catch (SQLException e) {
            // given up anyway
        }
        store.closed(this);
    }

    private StateTable table(Projection<S> p) {
        return new StateTable(p.name(), p.version(), store.dialect(), p.codec().isText());
    }

    private List<ProjectionRunner<S>> runners() {
        List<ProjectionRunner<S>> runners = new ArrayList<>(2);
        Served<S> s = serving;
        if (s != null && s.runner() != null) {
            runners.add(s.runner());
        }
        ProjectionRunner<S> r = rebuilding;
        if (r != null) {
            runners.add(r);
        }
        return runners;
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(Query<T> q) {
        lock.lock();
        try {
            requireRunning();
            return q.run(queries);
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            lock.unlock();
        }
    }

    private long endPosition() {
        try {
            return events.readAll(Long.MAX_VALUE, Direction.BACKWARD, 1).endPosition();
        } catch (PositionOutOfRangeException e) {
            return e.endPosition();
        } catch (RuntimeException e) {
            return -1; // the lag is unknown while the store cannot be asked
        }
    }

    private Served<S> requireStarted() {
        Served<S> s = serving;
        if (s == null) {
            throw new IllegalStateException(label() + " is not started");
        }
        return s;
    }

    private void requireRunning() {
        if (!started || closed) {
            throw new IllegalStateException(label() + (closed ? " is closed" : " is not started"));
        }
    }

    @SuppressWarnings("unchecked")
    private Served<S>[] holder() {
        return (Served<S>[]) new Served<?>[1];
    }

    private ProjectionException failed(SQLException e) {
        return new ProjectionException(label() + " on " + store.description() + ": " + e.getMessage(), e);
    }

    private String label() {
        return "projection '" + name() + "'";
    }
}
