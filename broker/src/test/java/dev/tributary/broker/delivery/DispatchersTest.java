package dev.tributary.broker.delivery;

import static dev.tributary.broker.delivery.TestNode.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.tributary.broker.delivery.ScriptedSink.Answer;
import dev.tributary.broker.store.Attempt;
import dev.tributary.broker.store.Retry;
import dev.tributary.broker.subscription.DeliveryPolicy;
import dev.tributary.broker.subscription.StartPosition;
import dev.tributary.broker.subscription.Subscription;
import dev.tributary.core.filter.Filter;
import dev.tributary.log.StoredEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatchersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final ScriptedSink sink = new ScriptedSink();
    private TestNode node;

    @BeforeEach
    void open() {
        node = new TestNode(dir, clock, sink);
        node.bus("orders", 1);
    }

    @AfterEach
    void close() {
        sink.hold(false);
        sink.releaseAll();
        node.close();
    }

    private void restart() {
        node.close();
        node = new TestNode(dir, clock, sink);
        node.dispatchers.start();
    }

    private static String subscription(String delivery) {
        return "{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://crm.example.com/hook\",\"delivery\":" + delivery + "}";
    }

    private void subscribeAndStart(String delivery) {
        node.subscribe(subscription(delivery));
        node.dispatchers.start();
    }

    private List<Attempt> attempts(String eventId) {
        return node.store.attempts().byEvent("crm", "/shop", eventId);
    }

    @Test
    void deliversEveryMatchingEventSkipsTheOthersAndCommits() {
        node.bus("payments", 3);
        node.subscribe("{\"id\":\"crm\",\"bus\":\"payments\",\"types\":[\"order.paid\"],\"sink\":\"https://crm.example.com/hook\"}");
        node.dispatchers.start();
        List<CloudEvent> events = new ArrayList<>();
        List<String> paid = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String type = i % 3 == 0 ? "order.paid" : "order.created";
            events.add(event("e" + i, type));
            if (type.equals("order.paid")) {
                paid.add("e" + i);
            }
        }
        node.publish("payments", events.toArray(CloudEvent[]::new));

        await().atMost(WAIT).until(() -> node.committed("crm") == node.end("payments"));
        assertThat(sink.receivedIds()).containsExactlyInAnyOrderElementsOf(paid);
        assertThat(sink.received()).allSatisfy(d -> {
            assertThat(d.attempt()).isEqualTo(1);
            assertThat(d.messageId()).isEqualTo(Delivery.messageId("crm", node.buses.get("payments").spec().incarnation(), d.partition(), d.offset()));
        });
        await().atMost(WAIT).until(() -> node.store.attempts().bySubscription("crm", 100, Long.MAX_VALUE).size() == 20);
    }

    @Test
    void commitsPastAnEventWithAWhitespaceIdAndLogsItsAttempt() {
        // ingest refuses such ids now, but a log written before may hold them; they must not wedge the subscription
        CloudEvent blank = CloudEventBuilder.v1(event("x", "order.paid")).withId(" ").build();
        subscribeAndStart("{}");

        node.publish("orders", blank, event("e2", "order.paid"));

        await().atMost(WAIT).until(() -> node.committed("crm") == 2);
        assertThat(sink.receivedIds()).containsExactly(" ", "e2");
        await().atMost(WAIT).until(() -> attempts(" ").size() == 1 && attempts("e2").size() == 1);
    }

    @Test
    void redrivesDeadLettersPageByPageWithABoundedScan() {
        sink.script("d0", Answer.status(400));
        sink.script("d1", Answer.status(400));
        sink.script("d2", Answer.status(400));
        subscribeAndStart("{}");
        node.publish("orders", event("d0", "t"), event("d1", "t"), event("d2", "t"));
        await().atMost(WAIT).until(() -> node.events("crm-dlq").size() == 3);
        DeliveryRecords records = new DeliveryRecords(node.store, node.buses, node.subscriptions, clock);

        DeliveryRecords.Redrive first = records.redrive("crm", Filter.parse(null), 0, 2);
        DeliveryRecords.Redrive second = records.redrive("crm", Filter.parse(null), first.next(), 2);

        assertThat(first).isEqualTo(new DeliveryRecords.Redrive(2, 0, 2, false));
        assertThat(second).isEqualTo(new DeliveryRecords.Redrive(1, 0, 3, true));
        await().atMost(WAIT).until(() -> sink.receivedIds().stream().filter(id -> id.startsWith("d")).count() == 6);
        assertThatThrownBy(() -> records.redrive("crm", Filter.parse(null), 0, DeliveryRecords.MAX_REDRIVE_SCAN + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void redeliversAfter503OnceTheBackOffDelayHasPassed() {
        sink.script("e1", Answer.status(503), Answer.status(200));
        subscribeAndStart("{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT10S\"},\"limits\":{\"maxAttempts\":3}}");

        node.publish("orders", event("e1", "order.paid"));

        await().atMost(WAIT).until(() -> node.store.retries().count("crm") == 1);
        await().during(QUIET).atMost(WAIT).until(() -> sink.received().size() == 1);
        assertThat(node.store.retries().find("crm", 0, 0).orElseThrow().dueAt())
                .isEqualTo(clock.instant().plusSeconds(10));
        await("a durably scheduled retry is done for the offset").atMost(WAIT)
                .until(() -> node.committed("crm") == 1);

        clock.advance(Duration.ofSeconds(10));

        await().atMost(WAIT).until(() -> sink.received().size() == 2 && node.store.retries().count("crm") == 0);
        Delivery first = sink.received().get(0);
        Delivery second = sink.received().get(1);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(second.firstAttemptAt()).isEqualTo(first.firstAttemptAt());
        await().atMost(WAIT).until(() -> attempts("e1").size() == 2);
        assertThat(attempts("e1")).extracting(Attempt::attempt, Attempt::status, Attempt::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, 503, "RETRY"),
                        org.assertj.core.groups.Tuple.tuple(2, 200, "DELIVERED"));
    }

    @Test
    void writesARetryToTheStoreOnItsOwnThreadNotOnTheSinksThread() throws Exception {
        sink.script("e1", Answer.status(503), Answer.status(200));
        sink.hold(true);
        subscribeAndStart("{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT10S\"}}");
        node.publish("orders", event("e1", "order.paid"));
        await().atMost(WAIT).until(() -> sink.received().size() == 1);

        Thread answering = Thread.ofPlatform().name("the-sinks-thread").start(sink::releaseAll);
        answering.join();

        await().atMost(WAIT).until(() -> node.store.retries().count("crm") == 1);
        assertThat(node.listener.retriedOn).hasSize(1).doesNotContain("the-sinks-thread");
    }

    @Test
    void deadLettersA400WithItsAttributesAndTheOriginalData() {
        sink.script("e1", new Answer(400, null, "{\"error\":\"no such customer\"}"));
        subscribeAndStart("{}");
        CloudEvent original = CloudEventBuilder.v1(event("e1", "order.paid"))
                .withExtension("tenant", "acme")
                .withSubject("order-7")
                .withData("application/octet-stream", new byte[] {0, 1, 2, (byte) 0xFF})
                .build();

        node.publish("orders", original);

        await().atMost(WAIT).until(() -> node.events("crm-dlq").size() == 1);
        CloudEvent dead = node.events("crm-dlq").get(0).event();
        assertThat(dead.getId()).isEqualTo("e1");
        assertThat(dead.getSource()).isEqualTo(original.getSource());
        assertThat(dead.getType()).isEqualTo("order.paid");
        assertThat(dead.getSubject()).isEqualTo("order-7");
        assertThat(dead.getDataContentType()).isEqualTo("application/octet-stream");
        assertThat(dead.getData().toBytes()).containsExactly(0, 1, 2, 0xFF);
        assertThat(dead.getExtension("tenant")).isEqualTo("acme");
        assertThat(dead.getExtension("deadlettersubscription")).isEqualTo("crm");
        assertThat(dead.getExtension("deadletterreason")).isEqualTo("rejected");
        assertThat(dead.getExtension("deadletterstatus")).isEqualTo(400);
        assertThat(dead.getExtension("deadletterattempts")).isEqualTo(1);
        assertThat((String) dead.getExtension("deadlettererror")).contains("HTTP 400").contains("no such customer");
        assertThat(Instant.parse((String) dead.getExtension("deadletterfirstattempt"))).isEqualTo(clock.instant());
        assertThat(Instant.parse((String) dead.getExtension("deadletterlastattempt"))).isEqualTo(clock.instant());
        await().atMost(WAIT).until(() -> node.committed("crm") == 1);
        assertThat(node.listener.deadLettered).containsExactly("rejected");
        assertThat(sink.received()).hasSize(1);
    }

    @Test
    void deadLettersWhenTheRetryLimitsAreExhausted() {
        sink.answerByDefault(Answer.connectionError());
        subscribeAndStart("{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT1S\"},\"limits\":{\"maxAttempts\":2}}");

        node.publish("orders", event("e1", "order.paid"));
        await().atMost(WAIT).until(() -> node.store.retries().count("crm") == 1);
        clock.advance(Duration.ofSeconds(1));

        await().atMost(WAIT).until(() -> node.events("crm-dlq").size() == 1);
        CloudEvent dead = node.events("crm-dlq").get(0).event();
        assertThat(dead.getExtension("deadletterreason")).isEqualTo("exhausted");
        assertThat(dead.getExtension("deadletterattempts")).isEqualTo(2);
        assertThat(dead.getExtension("deadletterstatus")).as("no response, no status").isNull();
        assertThat((String) dead.getExtension("deadlettererror")).startsWith("connection");
        assertThat(Instant.parse((String) dead.getExtension("deadletterlastattempt")))
                .isEqualTo(Instant.parse((String) dead.getExtension("deadletterfirstattempt")).plusSeconds(1));
        await().atMost(WAIT).until(() -> node.store.retries().count("crm") == 0);
        assertThat(sink.received()).hasSize(2);
    }

    @Test
    void pausesOn410AndDeliversTheEventAfterResume() {
        sink.script("e1", Answer.status(410), Answer.status(200));
        subscribeAndStart("{}");

        node.publish("orders", event("e1", "order.paid"));

        await().atMost(WAIT).until(() -> node.subscriptions.get("crm").state() == Subscription.State.PAUSED);
        assertThat(node.subscriptions.get("crm").pausedReason()).isEqualTo("410 Gone from https://crm.example.com/hook");
        node.publish("orders", event("e2", "order.paid"));
        await().during(QUIET).atMost(WAIT).until(() -> sink.received().size() == 1);
        assertThat(node.committed("crm")).isZero();

        node.subscriptions.resume("crm");

        await().atMost(WAIT).until(() -> node.committed("crm") == 2);
        assertThat(sink.receivedIds()).containsExactly("e1", "e1", "e2");
    }

    @Test
    void pendingRetriesSurviveARestartAndAreThenDelivered() {
        sink.script("e1", Answer.status(500), Answer.status(200));
        subscribeAndStart("{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT1M\"}}");
        node.publish("orders", event("e1", "order.paid"));
        await().atMost(WAIT).until(() -> node.store.retries().count("crm") == 1);

        restart();
        clock.advance(Duration.ofMinutes(1));

        await().atMost(WAIT).until(() -> sink.received().size() == 2 && node.store.retries().count("crm") == 0);
        assertThat(sink.received().get(1).attempt()).isEqualTo(2);
        await().atMost(WAIT).until(() -> attempts("e1").size() == 2);
    }

    @Test
    void leavesAnEventWhoseRetryWasScheduledBeforeACrashToTheRetrySchedule() {
        // The state a crash leaves when it strikes after a retry was scheduled but before the offset was committed.
        node.subscribe(subscription("{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT1M\"}}"));
        node.publish("orders", event("e1", "order.paid"));
        node.store.cursors().reset("crm", Map.of(0, 0L));
        node.store.retries().schedule(new Retry("crm", 0, 0, "e1", "/shop", null, 0, 3,
                clock.instant().minus(Duration.ofMinutes(3)), clock.instant().plus(Duration.ofMinutes(1)), 503, "HTTP 503"));

        node.dispatchers.start();
        node.publish("orders", event("e2", "order.paid"));
        await().atMost(WAIT).until(() -> node.committed("crm") == 2);
        assertThat(sink.receivedIds()).containsExactly("e2");

        clock.advance(Duration.ofMinutes(1));
        await().atMost(WAIT).until(() -> sink.receivedIds().size() == 2 && node.store.retries().count("crm") == 0);
        assertThat(sink.received().get(1).attempt()).isEqualTo(4);
    }

    @Test
    void doesNotRedeliverARetryDroppedByAReset() {
        sink.script("e1", Answer.status(503));
        subscribeAndStart("{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT1M\"}}");
        node.publish("orders", event("e1", "order.paid"));
        await().atMost(WAIT).until(() -> node.store.retries().count("crm") == 1);

        node.subscriptions.reset("crm", StartPosition.LATEST);
        clock.advance(Duration.ofMinutes(5));
        node.publish("orders", event("e2", "order.paid"));

        await().atMost(WAIT).until(() -> node.committed("crm") == 2);
        await().during(QUIET).atMost(WAIT).until(() -> sink.receivedIds().equals(List.of("e1", "e2")));
        assertThat(node.store.retries().count("crm")).isZero();
    }

    @Test
    void neverHasMoreThanMaxInFlightAttemptsUnderWay() {
        node.bus("wide", 4);
        node.subscribe("{\"id\":\"crm\",\"bus\":\"wide\",\"sink\":\"https://crm.example.com/hook\",\"delivery\":{\"maxInFlight\":3}}");
        sink.hold(true);
        node.dispatchers.start();

        node.publish("wide", IntStream.range(0, 30).mapToObj(i -> event("e" + i, "t")).toArray(CloudEvent[]::new));

        await().atMost(WAIT).until(() -> sink.received().size() == 3);
        await().during(QUIET).atMost(WAIT).until(() -> sink.received().size() == 3);
        await().atMost(WAIT).until(() -> {
            sink.releaseAll();
            return node.committed("crm") == 30;
        });
        assertThat(sink.received()).hasSize(30);
        assertThat(sink.mostUnderWay()).isEqualTo(3);
    }

    @Test
    void caughtUpSubscriptionsShareOneReaderPerPartitionAndEachGetsExactlyItsEvents() {
        subscribeOnTheFeed(10, "{}");

        node.publish("wide", IntStream.range(0, 500).mapToObj(i -> event("e" + i, "t" + i % 10)).toArray(CloudEvent[]::new));

        awaitAllCommitted(10, 500);
        assertEachGotItsEventsOnceInOrder(10, 500);
        assertThat(node.dispatchers.feeds()).isEqualTo(2);
    }

    @Test
    void aResetWhileOnTheFeedReplaysFromTheNewPositionAndThenFollowsAgain() {
        node.bus("wide", 2);
        subscribeByType(2, "{}");
        node.dispatchers.start();
        node.publish("wide", IntStream.range(0, 20).mapToObj(i -> event("e" + i, "t" + i % 2)).toArray(CloudEvent[]::new));
        awaitAllCommitted(2, 20);
        await().atMost(WAIT).until(() -> node.dispatchers.feeds() == 2);

        node.subscriptions.reset("s0", StartPosition.EARLIEST);
        node.publish("wide", event("late0", "t0"), event("late1", "t1"));

        awaitAllCommitted(2, 22);
        await().atMost(WAIT).until(() -> node.dispatchers.feeds() == 2);
        List<String> s0 = sink.received().stream().filter(d -> d.subscriptionId().equals("s0"))
                .map(d -> d.event().getId()).toList();
        List<String> once = IntStream.range(0, 20).filter(k -> k % 2 == 0).mapToObj(k -> "e" + k).toList();
        assertThat(s0).as("every event of s0 twice (replayed), the late one once")
                .hasSize(21).containsAll(once).contains("late0").doesNotContain("late1");
        assertThat(sink.received().stream().filter(d -> d.subscriptionId().equals("s1")).map(d -> d.event().getId()))
                .hasSize(11).doesNotHaveDuplicates().contains("late1");
    }

    @Test
    void deletingABusStopsItsSubscriptionsUntilABusOfThatNameExistsAgain() {
        subscribeOnTheFeed(3, "{}");

        node.buses.delete("wide");
        await().atMost(WAIT).until(() -> node.dispatchers.feeds() == 0);

        node.bus("wide", 2);
        node.publish("wide", event("again", "t1"));
        await().atMost(WAIT).until(() -> sink.receivedIds().contains("again"));
        assertThat(sink.received()).singleElement().satisfies(d -> assertThat(d.subscriptionId()).isEqualTo("s1"));
    }

    @Test
    void aBusCreatedAgainUnderItsNameIsDeliveredFromItsFirstEventWithNewWebhookIds() {
        sink.script("old2", Answer.status(503));
        subscribeAndStart("{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT1H\"}}");
        node.publish("orders", event("old0", "t"), event("old1", "t"), event("old2", "t"));
        await().atMost(WAIT).until(() -> node.committed("crm") == 3 && node.store.retries().count("crm") == 1);
        List<String> oldIds = sink.received().stream().map(Delivery::messageId).toList();

        node.buses.delete("orders");
        node.bus("orders", 1);
        node.publish("orders", event("new0", "t"), event("new1", "t"));

        await().atMost(WAIT).until(() -> sink.receivedIds().containsAll(List.of("new0", "new1")));
        await().atMost(WAIT).until(() -> node.committed("crm") == 2);
        assertThat(node.store.retries().count("crm")).as("the old bus's retry is gone").isZero();
        List<Delivery> fresh = sink.received().stream().filter(d -> d.event().getId().startsWith("new")).toList();
        assertThat(fresh).extracting(Delivery::offset).containsExactly(0L, 1L);
        assertThat(fresh).extracting(Delivery::messageId).doesNotContainAnyElementsOf(oldIds);
    }

    @Test
    void aSubscriptionThatFallsBehindTheFeedReadsByItselfAndRejoinsOnceCaughtUp() {
        subscribeOnTheFeed(4, "{\"maxInFlight\":1}");
        sink.hold(true);

        // with one attempt held each, the feed fills every mailbox and lets the members go
        node.publish("wide", IntStream.range(0, 4_000).mapToObj(i -> event("e" + i, "t" + i % 4)).toArray(CloudEvent[]::new));
        await().atMost(WAIT).until(() -> sink.received().size() == 4);
        sink.hold(false);
        sink.releaseAll();

        awaitAllCommitted(4, 4_000);
        assertEachGotItsEventsOnceInOrder(4, 4_000);
        await().atMost(WAIT).until(() -> node.dispatchers.feeds() == 2);
        node.publish("wide", event("late", "t1"));
        await().atMost(WAIT).until(() -> sink.receivedIds().contains("late"));
    }

    /** Subscriptions s0… on bus {@code wide}, the i-th for events of type {@code t<i>}. */
    /** Subscriptions by type ({@link #subscribeByType}) on a fresh bus "wide" of 2 partitions, caught up on its feeds. */
    private void subscribeOnTheFeed(int n, String delivery) {
        node.bus("wide", 2);
        subscribeByType(n, delivery);
        node.dispatchers.start();
        await().atMost(WAIT).until(() -> node.dispatchers.feeds() == 2);
    }

    private void subscribeByType(int n, String delivery) {
        for (int i = 0; i < n; i++) {
            node.subscribe("{\"id\":\"s" + i + "\",\"bus\":\"wide\",\"types\":[\"t" + i
                    + "\"],\"sink\":\"https://crm.example.com/hook\",\"delivery\":" + delivery + "}");
        }
    }

    private void awaitAllCommitted(int subscriptions, long events) {
        await().atMost(WAIT).until(() -> IntStream.range(0, subscriptions)
                .allMatch(i -> node.committed("s" + i) == events));
    }

    /** Event {@code e<k>} has type {@code t<k % n>}: subscription s<i> gets exactly those, once, in partition order. */
    private void assertEachGotItsEventsOnceInOrder(int n, int events) {
        for (int i = 0; i < n; i++) {
            String id = "s" + i;
            List<Delivery> got = sink.received().stream().filter(d -> d.subscriptionId().equals(id)).toList();
            int type = i;
            assertThat(got).as(id).extracting(d -> d.event().getId()).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, events).filter(k -> k % n == type).mapToObj(k -> "e" + k).toList());
            for (int p = 0; p < 2; p++) {
                int partition = p;
                assertThat(got.stream().filter(d -> d.partition() == partition).map(Delivery::offset).toList())
                        .as(id + " partition " + p).isSorted();
            }
        }
    }

    @Test
    void reportsTheLagInEventsAndInSecondsWhileDeliveriesWait() {
        sink.hold(true);
        subscribeAndStart("{\"maxInFlight\":1}");
        node.publish("orders", event("e1", "t"), event("e2", "t"), event("e3", "t"));
        Instant published = Instant.now();

        await().atMost(WAIT).until(() -> node.listener.lagEvents == 3 && node.listener.lagSeconds > 0);
        assertThat(node.listener.lagSeconds)
                .isLessThanOrEqualTo(Duration.between(published, Instant.now()).toMillis() / 1000.0 + 1);

        sink.hold(false);
        sink.releaseAll();
        await().atMost(WAIT).until(() -> node.listener.lagEvents == 0 && node.listener.lagSeconds == 0);
    }

    @Test
    void aRetryDueInHoursDoesNotHoldBackFreshEvents() {
        sink.script("e0", Answer.status(503));
        subscribeAndStart("{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT5H\"},\"maxInFlight\":2}");

        node.publish("orders", IntStream.range(0, 20).mapToObj(i -> event("e" + i, "t")).toArray(CloudEvent[]::new));

        await().atMost(WAIT).until(() -> node.committed("crm") == 20);
        assertThat(sink.receivedIds()).hasSize(20).doesNotHaveDuplicates();
        assertThat(node.store.retries().find("crm", 0, 0)).isPresent();
    }

    @Test
    void opensTheCircuitAfterNSustainedFailuresShowsTheProbeAndClosesItAfterASuccessfulProbe() {
        sink.answerByDefault(Answer.status(503));
        subscribeAndStart("{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT10S\"},"
                + "\"circuitBreaker\":{\"failures\":3,\"probe\":{\"kind\":\"fixed\",\"delay\":\"PT30S\"}}}");
        DeliveryRecords records =
                new DeliveryRecords(node.store, node.buses, node.subscriptions, clock, node.dispatchers::circuitView);

        node.publish("orders", event("e1", "t"), event("e2", "t"), event("e3", "t"));
        await().atMost(WAIT).until(() -> node.store.retries().list("crm", 10, null).size() == 3);
        assertThat(node.dispatchers.circuit("crm")).as("3 failures at one moment").contains(CircuitState.CLOSED);

        clock.advance(DeliveryPolicy.CircuitBreaker.DEFAULT_FAILING_FOR);
        node.publish("orders", event("e4", "t"));
        await().atMost(WAIT).until(() -> node.dispatchers.circuit("crm").orElseThrow() == CircuitState.OPEN);
        Instant probe = clock.instant().plusSeconds(30);
        assertThat(node.dispatchers.circuitView("crm").nextProbeAt()).contains(probe);
        await().atMost(WAIT).until(() -> records.retries("crm", 10, null).size() == 4);
        assertThat(records.retries("crm", 10, null)).as("due before the probe, they go out at the probe")
                .allSatisfy(r -> assertThat(r.dueAt()).isEqualTo(probe));
        node.publish("orders", event("e5", "t"));
        await().during(QUIET).atMost(WAIT).until(() -> sink.received().size() == 4);

        sink.answerByDefault(Answer.status(200));
        clock.advance(Duration.ofSeconds(30));

        await().atMost(WAIT).until(() -> node.dispatchers.circuit("crm").orElseThrow() == CircuitState.CLOSED);
        await().atMost(WAIT).until(() -> node.committed("crm") == 5);
        await().atMost(WAIT).until(() -> node.store.retries().list("crm", 10, null).isEmpty());
        assertThat(sink.receivedIds()).containsOnly("e1", "e2", "e3", "e4", "e5");
        assertThat(node.listener.circuit)
                .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
    }

    @Test
    void forwardsEventsToATargetBus() {
        node.bus("audit", 2);
        node.subscribe("{\"id\":\"fwd\",\"bus\":\"orders\",\"sink\":\"bus:audit\"}");
        node.dispatchers.start();

        node.publish("orders", IntStream.range(0, 10).mapToObj(i -> event("e" + i, "t")).toArray(CloudEvent[]::new));

        await().atMost(WAIT).until(() -> node.events("audit").size() == 10);
        assertThat(node.events("audit")).extracting(StoredEvent::event).extracting(CloudEvent::getId)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).mapToObj(i -> "e" + i).toList());
        CloudEvent forwarded = node.events("audit").get(0).event();
        assertThat(new String(forwarded.getData().toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"n\":\"" + forwarded.getId() + "\"}");
        await().atMost(WAIT).until(() -> node.committed("fwd") == 10);
        assertThat(sink.received()).isEmpty();
    }

    @Test
    void keepsOrderPerKeyThroughARetryInOrderedModeWhileOtherKeysFlow() {
        sink.script("a1", Answer.status(503), Answer.status(200));
        subscribeAndStart("{\"ordering\":\"ordered\",\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT10S\"}}");

        node.publish("orders", keyed("a1", "A"), keyed("b1", "B"), keyed("a2", "A"), keyed("b2", "B"),
                keyed("a3", "A"), keyed("c1", "C"));

        // a2 and a3 wait behind a1's retry, parked in the schedule; B and C go on
        await().atMost(WAIT).until(() -> node.committed("crm") == 6);
        await().during(QUIET).atMost(WAIT).until(() -> sink.receivedIds().equals(List.of("a1", "b1", "b2", "c1")));
        assertThat(node.store.retries().list("crm", 10, null))
                .extracting(Retry::eventId, Retry::parked)
                .containsExactly(tuple("a1", false), tuple("a2", true), tuple("a3", true));

        restart(); // parked events are durable
        clock.advance(Duration.ofSeconds(10));

        await().atMost(WAIT).until(() -> node.store.retries().count("crm") == 0);
        assertThat(sink.receivedIds().stream().filter(id -> id.startsWith("a"))).containsExactly("a1", "a1", "a2", "a3");
        assertThat(sink.received().stream().filter(d -> d.event().getId().equals("a2")))
                .singleElement().satisfies(d -> assertThat(d.attempt()).isEqualTo(1));
        assertThat(sink.receivedIds().stream().filter(id -> !id.startsWith("a"))).containsExactly("b1", "b2", "c1");
    }

    @Test
    void sendsHigherPrioritiesFirstWhenDeliveriesQueueUp() {
        node.subscribe(subscription("{\"maxInFlight\":1}"));
        node.publish("orders", event("low1", "t"),
                CloudEventBuilder.v1(event("paid", "order.paid")).withExtension("priority", 5).build(),
                event("low2", "t"), CloudEventBuilder.v1(event("urgent", "t")).withExtension("priority", 9).build());

        node.dispatchers.start();

        await().atMost(WAIT).until(() -> node.committed("crm") == 4);
        assertThat(sink.receivedIds()).containsExactly("urgent", "paid", "low1", "low2");
    }

    @Test
    void aRuleLevelGoesFirstEvenFromTheEndOfALongBacklog() {
        node.subscribe(subscription("{\"maxInFlight\":1,\"priority\":[{\"when\":\"type = 'order.paid'\",\"level\":9}]}"));
        CloudEvent[] backlog = new CloudEvent[2_001];
        for (int i = 0; i < 2_000; i++) {
            backlog[i] = event("low" + i, "t");
        }
        backlog[2_000] = event("paid", "order.paid");
        node.publish("orders", backlog);
        sink.hold(true);

        node.dispatchers.start();
        // one attempt under way; the lane of level 9 has read through the backlog and waits beside the other lane
        await().atMost(WAIT).until(() -> sink.received().size() == 1 && node.dispatchers.waitingForPermits("crm") == 2);
        sink.hold(false);
        sink.releaseAll();

        await().atMost(WAIT).until(() -> node.committed("crm") == 2_001);
        assertThat(sink.receivedIds()).hasSize(2_001).doesNotHaveDuplicates();
        assertThat(sink.receivedIds().get(1)).isEqualTo("paid");
    }

    private static CloudEvent keyed(String id, String subject) {
        return CloudEventBuilder.v1(event(id, "t")).withSubject(subject).build();
    }
}
