package dev.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.broker.Bus;
import dev.tributary.broker.BusDefaults;
import dev.tributary.broker.Buses;
import dev.tributary.broker.delivery.TestClock;
import dev.tributary.core.delivery.BackoffPolicy;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.GroupNotFoundException;
import dev.tributary.core.eventstore.GroupSpec;
import dev.tributary.core.eventstore.LeaseLostException;
import dev.tributary.core.eventstore.ParkedEvent;
import dev.tributary.core.eventstore.Selection;
import dev.tributary.log.Durability;
import dev.tributary.log.LogListener;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupEngineTest {
    @TempDir
    Path dir;

    final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
    Buses buses;
    Bus bus;

    @BeforeEach
    void open() {
        buses = Buses.open(dir, new BusDefaults(Durability.NONE, 1 << 20, Duration.ofMinutes(2)), clock,
                name -> LogListener.NONE);
        bus = buses.find("orders").orElseGet(() -> buses.create("orders", 2, null, -1));
    }

    @AfterEach
    void close() {
        buses.close();
    }

    void reopen() {
        buses.close();
        open();
    }

    static CloudEvent event(String id, String type) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/test")).withType(type).build();
    }

    void append(String stream, String... ids) {
        List<CloudEvent> events = new ArrayList<>();
        for (String id : ids) {
            events.add(event(id, "placed"));
        }
        bus.appendToStream(stream, ExpectedVersion.any(), events).join();
    }

    static List<String> ids(List<GroupEngine.Delivery> deliveries) {
        return deliveries.stream().map(d -> d.event().event().getId()).toList();
    }

    static List<Long> positions(List<GroupEngine.Delivery> deliveries) {
        return deliveries.stream().map(d -> d.event().globalPosition()).toList();
    }

    GroupSpec spec(String name) {
        return GroupSpec.of(name, Selection.all(), 0).withOrdering(GroupSpec.Ordering.NONE)
                .withBackoff(BackoffPolicy.fixed(Duration.ofSeconds(10)));
    }

    @Test
    void consumersShareTheEventsAndARestartRedeliversOnlyWhatWasNotAcked() {
        for (int i = 0; i < 10; i++) {
            append("order-" + i, "e" + i);
        }
        GroupEngine group = bus.groups().create(spec("billing"));
        List<GroupEngine.Delivery> a = group.fetch("a", 4);
        List<GroupEngine.Delivery> b = group.fetch("b", 4);
        assertThat(positions(a)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(positions(b)).containsExactly(4L, 5L, 6L, 7L);
        group.ack("a", positions(a));
        group.ack("b", List.of(5L, 7L));
        assertThat(group.stats().checkpoint()).isEqualTo(4);
        assertThat(group.stats().inFlight()).isEqualTo(2);

        reopen();
        GroupEngine again = bus.groups().get("billing");
        List<GroupEngine.Delivery> redelivered = again.fetch("c", 100);
        assertThat(positions(redelivered)).containsExactly(4L, 6L, 8L, 9L);
        again.ack("c", positions(redelivered));
        assertThat(again.stats().checkpoint()).isEqualTo(10);
        assertThat(again.stats().lag()).isZero();
        assertThat(again.fetch("c", 100)).isEmpty();
    }

    @Test
    void anExpiredLeaseGoesToAnotherConsumerAndTheFirstCanNoLongerSettleIt() {
        append("order-1", "x");
        GroupEngine group = bus.groups().create(spec("lease").withLease(Duration.ofSeconds(5)));
        assertThat(ids(group.fetch("a", 10))).containsExactly("x");
        assertThat(group.fetch("b", 10)).isEmpty();
        clock.advance(Duration.ofSeconds(6));
        List<GroupEngine.Delivery> b = group.fetch("b", 10);
        assertThat(ids(b)).containsExactly("x");
        assertThat(b.get(0).deliveries()).isEqualTo(2);
        assertThatThrownBy(() -> group.ack("a", List.of(0L)))
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("[0]");
        assertThatThrownBy(() -> group.ack("b", List.of(0L, 99L)))
                .isInstanceOfSatisfying(LeaseLostException.class, e -> assertThat(e.positions()).containsExactly(99L));
        assertThat(group.stats().inFlight()).as("nothing of the refused ack was applied").isEqualTo(1);
        group.ack("b", List.of(0L));
        assertThat(group.stats().redeliveries()).isEqualTo(1);
    }

    @Test
    void aNackedEventComesBackAfterItsBackOffAndIsParkedWhenOutOfDeliveriesThenReplayedOrDropped() {
        append("order-1", "n");
        append("order-2", "m");
        GroupEngine group = bus.groups().create(spec("retry").withMaxDeliveries(2));
        group.nack("a", positions(group.fetch("a", 1)), "downstream 503");
        assertThat(ids(group.fetch("a", 10))).containsExactly("m");
        clock.advance(Duration.ofSeconds(11));
        List<GroupEngine.Delivery> second = group.fetch("a", 10);
        assertThat(ids(second)).containsExactly("n");
        group.nack("a", positions(second), "still 503");
        assertThat(group.stats().parked()).isEqualTo(1);
        List<ParkedEvent> parked = group.parked(0, 10);
        assertThat(parked).extracting(ParkedEvent::position).containsExactly(0L);
        assertThat(parked.get(0).reason()).isEqualTo("still 503");

        reopen();
        GroupEngine again = bus.groups().get("retry");
        assertThat(again.stats().parked()).isEqualTo(1);
        assertThat(again.replay(List.of(0L))).isEqualTo(1);
        List<GroupEngine.Delivery> replayed = again.fetch("z", 10);
        assertThat(ids(replayed)).contains("n");
        again.park("z", List.of(0L), "give up");
        assertThat(again.drop(List.of(0L))).isEqualTo(1);
        assertThat(again.parked(0, 10)).isEmpty();
    }

    @Test
    void perStreamOrderingLeasesOneEventOfAStreamAtATimeAndARetryingStreamHoldsUpNoOther() {
        append("cart-1", "c1-0", "c1-1", "c1-2");
        append("cart-2", "c2-0", "c2-1");
        GroupEngine group = bus.groups().create(spec("ordered").withOrdering(GroupSpec.Ordering.STREAM));
        List<GroupEngine.Delivery> first = group.fetch("a", 10);
        assertThat(ids(first)).containsExactly("c1-0", "c2-0");
        group.nack("a", List.of(first.get(0).event().globalPosition()), "busy");
        group.ack("a", List.of(first.get(1).event().globalPosition()));
        assertThat(ids(group.fetch("b", 10))).as("cart-1 waits for its retry, cart-2 goes on").containsExactly("c2-1");
        clock.advance(Duration.ofSeconds(11));
        List<GroupEngine.Delivery> retry = group.fetch("b", 10);
        assertThat(ids(retry)).containsExactly("c1-0");
        group.ack("b", positions(retry));
        assertThat(ids(group.fetch("b", 10))).containsExactly("c1-1");
    }

    @Test
    void aGroupOverACategoryWithAFilterDeliversOnlyWhatItSelects() {
        append("order-1", "o1");
        append("cart-1", "c1");
        bus.appendToStream("order-2", ExpectedVersion.any(), List.of(event("o2", "cancelled"))).join();
        GroupEngine group = bus.groups().create(GroupSpec.of("orders-placed",
                Selection.category("order").withFilter("type = 'placed'"), 0));
        List<GroupEngine.Delivery> got = group.fetch("a", 10);
        assertThat(ids(got)).containsExactly("o1");
        group.ack("a", positions(got));
        assertThat(group.fetch("a", 10)).isEmpty();
        assertThat(group.stats().checkpoint()).isEqualTo(3);
    }

    @Test
    void unknownGroupsDuplicatesAndBadSpecsAreRefused() {
        bus.groups().create(spec("one"));
        assertThatThrownBy(() -> bus.groups().create(spec("one"))).hasMessageContaining("exists");
        assertThatThrownBy(() -> bus.groups().get("none")).isInstanceOf(GroupNotFoundException.class);
        assertThatThrownBy(() -> spec("bad name!")).hasMessageStartingWith("name");
        assertThatThrownBy(() -> spec("x").withMaxDeliveries(0)).hasMessageStartingWith("maxDeliveries");
        assertThatThrownBy(() -> spec("x").withLease(Duration.ZERO)).hasMessageStartingWith("lease");
        assertThatThrownBy(() -> bus.groups().get("one").fetch("a", 0)).hasMessageStartingWith("max");
        bus.groups().delete("one");
        assertThatThrownBy(() -> bus.groups().get("one")).isInstanceOf(GroupNotFoundException.class);
        reopen();
        assertThatThrownBy(() -> bus.groups().get("one")).isInstanceOf(GroupNotFoundException.class);
    }

    @Test
    void concurrentConsumersAckingInOneCommitLeaveACheckpointThatSurvivesAReopen() throws Exception {
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            events.add(event("c" + i, "placed"));
        }
        bus.appendToStream("order-all", ExpectedVersion.any(), events).join();
        GroupEngine group = bus.groups().create(spec("busy"));
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        List<Long> twice = new CopyOnWriteArrayList<>();
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            String name = "c" + c;
            consumers.add(Thread.ofPlatform().start(() -> {
                List<GroupEngine.Delivery> got;
                while (!(got = group.fetch(name, 50)).isEmpty()) {
                    group.ack(name, positions(got));
                    positions(got).stream().filter(p -> !acked.add(p)).forEach(twice::add);
                }
            }));
        }
        for (Thread t : consumers) {
            t.join();
        }
        assertThat(twice).as("delivered and acked twice").isEmpty();
        assertThat(acked).hasSize(5000);
        assertThat(group.stats().checkpoint()).isEqualTo(5000);

        reopen();
        GroupEngine again = bus.groups().get("busy");
        assertThat(again.stats().checkpoint()).isEqualTo(5000);
        assertThat(again.fetch("c0", 100)).isEmpty();
    }
}
