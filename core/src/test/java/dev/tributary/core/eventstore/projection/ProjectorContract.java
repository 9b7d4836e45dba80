package dev.tributary.core.eventstore.projection;

import static dev.tributary.core.eventstore.projection.Counts.PLACED;
import static dev.tributary.core.eventstore.projection.Counts.order;
import static dev.tributary.core.eventstore.projection.Counts.orders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.core.eventstore.Direction;
import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.Selection;
import io.cloudevents.CloudEvent;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@link Projector} does over any {@link EventStore} and any {@link ProjectionStore}: one suite, run by a
 * subclass per pair (SQLite and PostgreSQL state, over an embedded store) against an empty store and database.
 */
public abstract class ProjectorContract {
    protected static final Duration WAIT = Duration.ofSeconds(30);

    protected EventStore events;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<Gate> gates = new ArrayList<>();

    /** A new event store over an empty bus. */
    protected abstract EventStore openEvents();

    /** A projection store over this test's database: the same database each call within a test, empty at first. */
    protected abstract ProjectionStore openStates();

    /** A data source over this test's database that fails on demand. */
    protected abstract FlakyDataSource flakyDatabase();

    @BeforeEach
    void openEventStore() {
        events = openEvents();
    }

    @AfterEach
    void closeAll() throws Exception {
        gates.forEach(Gate::open);
        Collections.reverse(opened);
        for (AutoCloseable c : opened) {
            c.close();
        }
        events.close();
        cleanUp();
    }

    /** After everything of a test is closed: drops what the test's database held, if anything must. */
    protected void cleanUp() {}

    protected ProjectionStore states() {
        ProjectionStore s = openStates();
        opened.add(s);
        return s;
    }

    protected Gate gate(int at) {
        Gate g = new Gate(at);
        gates.add(g);
        return g;
    }

    /** Appends to {@code stream}; the position of the last event appended. */
    protected long append(String stream, List<CloudEvent> list) {
        return events.appendToStream(stream, ExpectedVersion.any(), list).join().position() + list.size() - 1;
    }

    protected long end() {
        return events.readAll(Long.MAX_VALUE, Direction.BACKWARD, 1).endPosition();
    }

    protected static void awaitCaughtUp(Projector<?> p) {
        await().atMost(WAIT).untilAsserted(() -> {
            ProjectionStatus s = p.status();
            assertThat(s.state()).as("state (%s)", s).isEqualTo(ProjectionState.RUNNING);
            assertThat(s.lag()).as("lag (%s)", s).isZero();
        });
    }

    protected static ProjectionStatus awaitDegraded(Projector<?> p) {
        await().atMost(WAIT).until(() -> p.status().state() == ProjectionState.DEGRADED);
        return p.status();
    }

    private static Projection<Counts> counting(String name, Selection selection) {
        return Counts.perStream(name, 1, selection);
    }

    /** Counts per stream, failing on amount 13 while {@code broken} holds. */
    private static Projection<Counts> poisoned(String name, AtomicBoolean broken) {
        return Projection.builder(name, StateCodec.json(Counts.class))
                .initialState(Counts.NONE)
                .apply((state, e) -> {
                    if (broken.get() && Counts.amount(e) == 13) {
                        throw new IllegalStateException("poison order " + e.event().getId());
                    }
                    return state.add(e, true);
                })
                .build();
    }

    @Test
    void countsEachStreamsEventsAndServesTheirStates() {
        append("cart-1", orders("a", 3));
        append("cart-2", orders("b", 5));
        long lastUser = append("user-1", orders("c", 2));
        Projector<Counts> p = states().projector(events, counting("per-stream", Selection.all()));
        p.start();
        awaitCaughtUp(p);

        assertThat(p.state("cart-1")).contains(new Counts(3, 6, 2));
        assertThat(p.state("cart-2")).contains(new Counts(5, 15, 4));
        assertThat(p.state("nothing")).isEmpty();
        assertThat(p.states(null, 2)).extracting(KeyedState::key).containsExactly("cart-1", "cart-2");
        assertThat(p.states("cart-2", 10)).containsExactly(new KeyedState<>("user-1", new Counts(2, 3, 1), lastUser));
        assertThat(p.status().position()).isEqualTo(end());

        append("cart-1", orders("d", 2)); // live
        await().atMost(WAIT).until(() -> p.state("cart-1").orElseThrow().count() == 5);
        assertThat(p.state("cart-1")).contains(new Counts(5, 9, 4));
    }

    @Test
    void keysEventsByAFunctionAndPassesOverTheEventsItGivesNoKey() {
        append("cart-1", List.of(order("x1", "a.happened", 1), order("x2", "b.happened", 2)));
        append("cart-2", List.of(order("x3", "a.happened", 4), order("x4", "ignored", 8)));
        Projection<Counts> byType = Projection.builder("by-type", StateCodec.json(Counts.class))
                .keyedBy(e -> e.event().getType().equals("ignored") ? null : e.event().getType())
                .initialState(Counts.NONE)
                .apply((state, e) -> state.add(e, false))
                .build();
        Projector<Counts> p = states().projector(events, byType);
        p.start();
        awaitCaughtUp(p);

        assertThat(p.states(null, 10)).extracting(KeyedState::key).containsExactly("a.happened", "b.happened");
        assertThat(p.state("a.happened").orElseThrow().sum()).isEqualTo(5);
        assertThat(p.status().position()).isEqualTo(end());
    }

    @Test
    void foldsOnlyTheCategoryItSelects() {
        append("cart-1", orders("a", 2));
        append("user-1", orders("b", 3));
        append("cart-2", orders("c", 1));
        Projector<Counts> p = states().projector(events, counting("carts", Selection.category("cart")));
        p.start();
        awaitCaughtUp(p);
        assertThat(p.states(null, 10)).extracting(KeyedState::key).containsExactly("cart-1", "cart-2");

        append("user-2", orders("d", 1));
        append("cart-3", orders("e", 4));
        await().atMost(WAIT).until(() -> p.state("cart-3").isPresent());
        assertThat(p.state("cart-3").orElseThrow().count()).isEqualTo(4);
        assertThat(p.state("user-2")).isEmpty();
        awaitCaughtUp(p);
    }

    @Test
    void foldsOnlyTheTypeItSelects() {
        append("cart-1", List.of(order("a", PLACED, 1), order("b", "shop.order.cancelled", 2), order("c", PLACED, 4)));
        append("cart-2", List.of(order("d", "shop.order.cancelled", 8)));
        Projection<Counts> placed = Projection.builder("placed", StateCodec.json(Counts.class))
                .from(Selection.eventType(PLACED))
                .initialState(Counts.NONE)
                .apply((state, e) -> state.add(e, false))
                .build();
        Projector<Counts> p = states().projector(events, placed);
        p.start();
        awaitCaughtUp(p);
        assertThat(p.state("cart-1").orElseThrow().sum()).isEqualTo(5);
        assertThat(p.state("cart-2")).isEmpty();
    }

    @Test
    void resumesFromItsCheckpointAfterARestartApplyingEachEventOnce() {
        for (int round = 0; round < 30; round++) {
            for (int s = 0; s < 10; s++) {
                append("acct-" + s, List.of(order("r" + round + "s" + s, PLACED, 1)));
            }
        }
        Gate halfway = gate(150);
        Projection<Counts> gated = Projection.builder("restarted", StateCodec.json(Counts.class))
                .initialState(Counts.NONE)
                .apply((state, e) -> {
                    halfway.pass();
                    return state.add(e, true);
                })
                .build();
        ProjectorOptions small = ProjectorOptions.defaults().withBatchSize(7);
        Projector<Counts> first = states().projector(events, gated, small);
        first.start();
        await().atMost(WAIT).until(halfway::reached);
        halfway.open();
        first.close();
        long stoppedAt = first.status().position();
        assertThat(stoppedAt).isBetween(1L, 300L);

        for (int s = 0; s < 10; s++) {
            append("acct-" + s, orders("late" + s, 5));
        }
        Projector<Counts> second = states().projector(events, counting("restarted", Selection.all()), small);
        second.start();
        awaitCaughtUp(second);
        for (int s = 0; s < 10; s++) {
            assertThat(second.state("acct-" + s)).contains(new Counts(35, 30 + 15, 34));
        }
    }

    @Test
    void stopsAtAnEventItFailsOnWithItsPositionAndError() {
        append("cart-1", orders("a", 5));
        long poison = append("cart-2", List.of(order("bad", PLACED, 13)));
        append("cart-1", orders("b", 2));
        Projector<Counts> p = states().projector(events, poisoned("failing", new AtomicBoolean(true)));
        p.start();
        ProjectionStatus s = awaitDegraded(p);

        assertThat(s.position()).isEqualTo(poison);
        assertThat(s.errorPosition()).isEqualTo(poison);
        assertThat(s.lastError()).contains("apply", "position " + poison, "stream cart-2", "poison order bad");
        assertThat(s.lag()).isEqualTo(end() - poison);
        assertThat(p.state("cart-1")).contains(new Counts(5, 15, 4)); // the events before it, committed
        assertThat(p.state("cart-2")).isEmpty();
    }

    @Test
    void retriesTheFailedEventOnceTheFaultIsFixed() {
        append("cart-1", orders("a", 5));
        long poison = append("cart-2", List.of(order("bad", PLACED, 13)));
        append("cart-1", orders("b", 2));
        AtomicBoolean broken = new AtomicBoolean(true);
        Projector<Counts> p = states().projector(events, poisoned("retried", broken));
        p.start();
        awaitDegraded(p);
        p.retry();
        assertThat(awaitDegraded(p).position()).as("still broken").isEqualTo(poison);

        broken.set(false);
        p.retry();
        awaitCaughtUp(p);
        assertThat(p.state("cart-2")).contains(new Counts(1, 13, 0));
        assertThat(p.state("cart-1")).contains(new Counts(7, 18, 6));
        assertThat(p.status().skipped()).isZero();
        assertThat(p.status().lastError()).contains("poison order bad"); // the last one, kept
    }

    @Test
    void skipsTheFailedEventAndRecordsIt() {
        append("cart-1", orders("a", 5));
        long poison = append("cart-2", List.of(order("bad", PLACED, 13)));
        append("cart-1", orders("b", 2));
        Projector<Counts> p = states().projector(events, poisoned("skipping", new AtomicBoolean(true)));
        p.start();
        awaitDegraded(p);

        assertThat(p.skip()).isEqualTo(poison);
        awaitCaughtUp(p);
        assertThat(p.state("cart-2")).isEmpty();
        assertThat(p.state("cart-1")).contains(new Counts(7, 18, 6));
        assertThat(p.status().skipped()).isEqualTo(1);
        assertThat(p.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.position()).isEqualTo(poison);
            assertThat(skip.error()).contains("poison order bad");
        });
        assertThatThrownBy(p::skip).isInstanceOf(IllegalStateException.class).hasMessageContaining("RUNNING");
    }

    @Test
    void triesItsFailedEventAgainWhenStartedWithFixedCode() {
        append("cart-1", orders("a", 2));
        append("cart-2", List.of(order("bad", PLACED, 13)));
        ProjectionStore store = states();
        Projector<Counts> broken = store.projector(events, poisoned("fixed", new AtomicBoolean(true)));
        broken.start();
        awaitDegraded(broken);
        broken.close();

        Projector<Counts> fixed = states().projector(events, poisoned("fixed", new AtomicBoolean(false)));
        fixed.start();
        awaitCaughtUp(fixed);
        assertThat(fixed.state("cart-2")).contains(new Counts(1, 13, 0));
    }

    @Test
    void deletesAKeyWhoseApplyReturnsNull() {
        append("cart-1", List.of(order("a", PLACED, 1), order("b", PLACED, 2), order("c", "cart.closed", 0)));
        append("cart-2", orders("d", 1));
        Projection<Counts> open = Projection.builder("open-carts", StateCodec.json(Counts.class))
                .initialState(Counts.NONE)
                .apply((state, e) -> e.event().getType().equals("cart.closed") ? null : state.add(e, false))
                .build();
        Projector<Counts> p = states().projector(events, open);
        p.start();
        awaitCaughtUp(p);
        assertThat(p.state("cart-1")).isEmpty();
        assertThat(p.states(null, 10)).extracting(KeyedState::key).containsExactly("cart-2");

        append("cart-1", orders("e", 1)); // starts again from the initial state
        await().atMost(WAIT).until(() -> p.state("cart-1").isPresent());
        assertThat(p.state("cart-1").orElseThrow().count()).isEqualTo(1);
    }

    @Test
    void recoversByItselfWhenTheStateStoreFails() {
        append("cart-1", orders("a", 3));
        FlakyDataSource database = flakyDatabase();
        ProjectionStore store = ProjectionStore.postgres(database);
        opened.add(store);
        ProjectorOptions quick = ProjectorOptions.defaults().withMaxRetryDelay(Duration.ofMillis(200));
        Projector<Counts> p = store.projector(events, counting("flaky", Selection.all()), quick);
        p.start();
        awaitCaughtUp(p);

        database.broken = true;
        append("cart-1", orders("b", 4));
        ProjectionStatus down = awaitDegraded(p);
        assertThat(down.lastError()).contains("the state store failed", "injected");
        assertThat(down.position()).isEqualTo(3);
        append("cart-1", orders("c", 2));

        database.broken = false;
        awaitCaughtUp(p);
        assertThat(p.state("cart-1")).contains(new Counts(9, 6 + 10 + 3, 8));
        assertThat(p.status().skipped()).isZero();
    }

    @Test
    void rebuildsANewVersionBesideTheOldOneWhichKeepsServing() throws Exception {
        append("cart-1", orders("a", 3));
        append("cart-2", orders("b", 2));
        ProjectionStore store = states();
        Projector<Counts> p = store.projector(events, counting("rebuilt", Selection.all()));
        p.start();
        awaitCaughtUp(p);

        Gate held = gate(1);
        p.rebuild(tenfold("rebuilt", 2, held));
        await().atMost(WAIT).until(held::reached);
        assertThat(p.servingVersion()).isEqualTo(1);
        assertThat(p.rebuildStatus()).hasValueSatisfying(s -> {
            assertThat(s.version()).isEqualTo(2);
            assertThat(s.state()).isEqualTo(ProjectionState.CATCHING_UP);
        });
        append("cart-1", orders("c", 1)); // the old version keeps applying
        await().atMost(WAIT).until(() -> p.state("cart-1").orElseThrow().count() == 4);
        assertThat(p.state("cart-1").orElseThrow().sum()).isEqualTo(7);

        held.open();
        await().atMost(WAIT).until(() -> p.servingVersion() == 2);
        assertThat(p.rebuildStatus()).isEmpty();
        assertThat(p.status().version()).isEqualTo(2);
        assertThat(p.state("cart-1")).contains(new Counts(4, 70, 3));
        assertThat(p.state("cart-2")).contains(new Counts(2, 30, 1));
        assertThat(storedVersions(store, "rebuilt")).containsExactly(2);
        assertThatThrownBy(() -> p.rebuild(tenfold("rebuilt", 2, gate(1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startingAHigherVersionRebuildsItWhileTheStoredVersionServes() throws Exception {
        append("cart-1", orders("a", 3));
        Projector<Counts> v1 = states().projector(events, counting("upgraded", Selection.all()));
        v1.start();
        awaitCaughtUp(v1);
        v1.close();

        Gate held = gate(1);
        ProjectionStore store = states();
        Projector<Counts> v2 = store.projector(events, tenfold("upgraded", 2, held));
        v2.start();
        await().atMost(WAIT).until(held::reached);
        assertThat(v2.servingVersion()).isEqualTo(1);
        assertThat(v2.status().state()).isEqualTo(ProjectionState.STOPPED);
        assertThat(v2.state("cart-1")).contains(new Counts(3, 6, 2));

        held.open();
        await().atMost(WAIT).until(() -> v2.servingVersion() == 2);
        assertThat(v2.state("cart-1")).contains(new Counts(3, 60, 2));
        assertThat(storedVersions(store, "upgraded")).containsExactly(2);
        v2.close();
        assertThatThrownBy(() -> states().projector(events, counting("upgraded", Selection.all())).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 2 serves already");
    }

    @Test
    void aRestartInTheMiddleOfARebuildResumesIt() throws Exception {
        for (int s = 0; s < 20; s++) {
            append("cart-" + s, orders("o" + s, 5));
        }
        ProjectorOptions small = ProjectorOptions.defaults().withBatchSize(5);
        Projector<Counts> p = states().projector(events, counting("resumed", Selection.all()), small);
        p.start();
        awaitCaughtUp(p);
        Gate held = gate(50);
        p.rebuild(tenfold("resumed", 2, held));
        await().atMost(WAIT).until(held::reached);
        held.open();
        p.close();
        long rebuiltTo = p.rebuildStatus().orElseThrow().position();
        assertThat(rebuiltTo).isBetween(1L, 99L);

        ProjectionStore store = states();
        Projector<Counts> again = store.projector(events, counting("resumed", Selection.all()), small);
        again.start();
        again.rebuild(tenfold("resumed", 2, gate(Integer.MAX_VALUE)));
        await().atMost(WAIT).until(() -> again.servingVersion() == 2);
        for (int s = 0; s < 20; s++) {
            assertThat(again.state("cart-" + s)).contains(new Counts(5, 150, 4)); // versions checked: none twice
        }
        assertThat(storedVersions(store, "resumed")).containsExactly(2);
    }

    @Test
    void neverAppliesAnEventTwiceWhenTwoProjectorsRunTheSameVersion() {
        append("cart-9", orders("a", 1));
        Projector<Counts> one = states().projector(events, counting("twice", Selection.all()));
        one.start();
        awaitCaughtUp(one);
        Projector<Counts> two = states().projector(events, counting("twice", Selection.all()));
        two.start();
        awaitCaughtUp(two);

        append("cart-9", orders("b", 20));
        await().atMost(WAIT).until(() -> one.status().state() == ProjectionState.DEGRADED
                || two.status().state() == ProjectionState.DEGRADED);
        Projector<Counts> fenced = one.status().state() == ProjectionState.DEGRADED ? one : two;
        Projector<Counts> winner = fenced == one ? two : one;
        assertThat(fenced.status().lastError()).contains("another projector");
        await().atMost(WAIT).until(() -> winner.state("cart-9").orElseThrow().count() == 21);
        assertThat(winner.state("cart-9")).contains(new Counts(21, 1 + 210, 20));
    }

    @Test
    void showsItsPositionAndLagWhileBehind() {
        append("cart-1", orders("a", 50));
        Gate held = gate(1);
        Projection<Counts> slow = Projection.builder("lagging", StateCodec.json(Counts.class))
                .initialState(Counts.NONE)
                .apply((state, e) -> {
                    held.pass();
                    return state.add(e, true);
                })
                .build();
        Projector<Counts> p = states().projector(events, slow);
        p.start();
        await().atMost(WAIT).until(held::reached);
        ProjectionStatus behind = p.status();
        assertThat(behind.state()).isEqualTo(ProjectionState.CATCHING_UP);
        assertThat(behind.position()).isZero();
        assertThat(behind.lag()).isEqualTo(50);
        assertThat(behind.lastError()).isNull();
        assertThat(behind.errorPosition()).isEqualTo(-1);

        held.open();
        awaitCaughtUp(p);
        assertThat(p.status().position()).isEqualTo(50);
    }

    @Test
    void isCaughtUpAtOnceOverAnEmptyStore() {
        Projector<Counts> p = states().projector(events, counting("empty", Selection.all()));
        p.start();
        awaitCaughtUp(p);
        assertThat(p.status().position()).isZero();
        assertThat(p.states(null, 10)).isEmpty();
    }

    @Test
    void refusesMisuseWithErrorsNamingWhatIsWrong() {
        ProjectionStore store = states();
        Projector<Counts> p = store.projector(events, counting("misused", Selection.all()));
        assertThatThrownBy(() -> p.state("a")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
        p.start();
        assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("started");
        assertThatThrownBy(() -> p.states(null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> p.state(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> store.projector(events, counting("misused", Selection.all())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already has a projector");
        assertThatThrownBy(() -> p.rebuild(counting("other", Selection.all())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be named 'misused'");
        assertThatThrownBy(() -> states().projector(events,
                        counting("filtered", Selection.all().withFilter("this is not ( cesql"))).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter");
        p.close();
        assertThatThrownBy(() -> p.state("a")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    /** A version that sums ten times the amounts, held by {@code gate}. */
    private static Projection<Counts> tenfold(String name, int version, Gate gate) {
        return Projection.builder(name, StateCodec.json(Counts.class))
                .version(version)
                .initialState(Counts.NONE)
                .apply((state, e) -> {
                    gate.pass();
                    Counts once = state.add(e, true);
                    return new Counts(once.count(), state.sum() + 10 * Counts.amount(e), once.lastVersion());
                })
                .build();
    }

    private static List<Integer> storedVersions(ProjectionStore store, String name) throws Exception {
        try (Connection c = store.connect()) {
            return CheckpointTable.rows(c, name).stream().map(CheckpointRow::version).toList();
        }
    }
}
