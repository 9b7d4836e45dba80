package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.delivery.ScriptedSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node delivering a subscription to a scripted HTTP sink on loopback. */
class DeliveryApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestNode node;
    private ScriptedSink sink;

    @BeforeEach
    void start() {
        node = new TestNode(NodeConfig.defaults().withPort(0).withDataDir(dir).withAllowPrivateSinks(true));
        node.createBus("orders", 2);
        sink = ScriptedSink.start();
    }

    @AfterEach
    void stop() {
        node.close();
        sink.close();
    }

    private void subscribe(String id, String extra) {
        String body = "{\"id\":\"" + id + "\",\"bus\":\"orders\",\"sink\":\"" + sink.url("/hook") + "\",\"startAt\":\"earliest\""
                + extra + "}";
        assertThat(node.post("/v1/subscriptions", "application/json", body).statusCode()).isEqualTo(201);
    }

    private void publish(String... ids) {
        StringBuilder batch = new StringBuilder("[");
        for (String id : ids) {
            batch.append(batch.length() > 1 ? "," : "").append(TestNode.event(id));
        }
        assertThat(node.post("/v1/buses/orders/events", "application/cloudevents-batch+json", batch + "]").statusCode())
                .isEqualTo(200);
    }

    private long committed(String id) throws Exception {
        JsonNode positions = JSON.readTree(node.get("/v1/subscriptions/" + id + "/positions").body()).path("positions");
        return positions.path("0").asLong() + positions.path("1").asLong();
    }

    @Test
    void deliversEveryEventSignedAndCommitsThePositions() throws Exception {
        publish("a", "b", "c");
        subscribe("crm", "");
        publish("d", "e");

        List<ScriptedSink.Received> received = sink.awaitRequests(5, Duration.ofSeconds(20));

        assertThat(received).extracting(r -> r.header("ce-id")).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        String secret = JSON.readTree(node.get("/v1/subscriptions/crm/signing").body()).path("secrets").get(0).asText();
        Webhook verifier = new Webhook(secret);
        for (ScriptedSink.Received r : received) {
            verifier.verify(r.bodyText(), r.headers());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(committed("crm")).isEqualTo(5));
    }

    @Test
    void deadLettersARejectedEventWithTheReasonAndRetriesAServerError() throws Exception {
        sink.answer(400).answer(503).otherwise(ScriptedSink.Answer.status(200));
        subscribe("crm", ",\"delivery\":{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT0.2S\"},\"maxInFlight\":1}");
        publish("x");
        publish("y");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode dead = JSON.readTree(node.get("/v1/buses/crm-dlq/partitions/0/events?from=0").body()).path("events");
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).path("event").path("deadletterreason").asText()).isEqualTo("rejected");
            assertThat(dead.get(0).path("event").path("deadletterstatus").asInt()).isEqualTo(400);
            assertThat(committed("crm")).isEqualTo(2);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(sink.received()).filteredOn(r -> r.header("ce-id") != null).hasSize(3));
    }

    @Test
    void showsAnOpenCircuitWithItsNextProbeTheRealNextAttemptAndThePendingRetries() throws Exception {
        sink.otherwise(ScriptedSink.Answer.status(503));
        subscribe("down", ",\"delivery\":{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT0.1S\"},"
                + "\"circuitBreaker\":{\"failures\":2,\"failingFor\":\"PT0S\","
                + "\"probe\":{\"kind\":\"fixed\",\"delay\":\"PT1H\"}}}");
        assertThat(JSON.readTree(node.get("/v1/subscriptions/down").body()).at("/circuit/state").asText())
                .isEqualTo("closed");
        publish("x");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                JSON.readTree(node.get("/v1/subscriptions/down").body()).at("/circuit/state").asText())
                .isEqualTo("open"));
        JsonNode circuit = JSON.readTree(node.get("/v1/subscriptions/down").body()).path("circuit");
        JsonNode retries = JSON.readTree(node.get("/v1/subscriptions/down/retries").body()).path("retries");
        String metrics = node.get("/metrics").body();

        assertThat(circuit.path("failuresInARow").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(circuit.path("nextProbeAt").asText()).isNotEmpty();
        assertThat(retries).hasSize(1);
        assertThat(retries.get(0).path("nextAttemptAt").asText()).as("not before the probe")
                .isEqualTo(circuit.path("nextProbeAt").asText());
        assertThat(metrics).contains("tributary_delivery_retries_pending{subscription=\"down\"} 1.0")
                .contains("tributary_delivery_circuit{subscription=\"down\"} 2.0");
        assertThat(JSON.readTree(node.get("/v1/subscriptions").body()).at("/subscriptions/0/circuit/state").asText())
                .isEqualTo("open");
    }

    @Test
    void showsAttemptsStatesAndDeadLettersAndRedrivesThem() throws Exception {
        sink.answer(400).otherwise(ScriptedSink.Answer.status(200));
        subscribe("crm", ",\"delivery\":{\"maxInFlight\":1}");
        publish("x");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(state("x")).isEqualTo("dead-lettered"));
        publish("y");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(state("y")).isEqualTo("delivered"));

        JsonNode dead = JSON.readTree(node.get("/v1/subscriptions/crm/dead-letters?reason=rejected").body());
        JsonNode attempts = JSON.readTree(node.get("/v1/subscriptions/crm/attempts").body()).path("attempts");
        JsonNode redriven = JSON.readTree(node.post("/v1/subscriptions/crm/redrive", "application/json", "{}").body());

        assertThat(dead.path("deadLetters")).hasSize(1);
        assertThat(dead.path("deadLetters").get(0).path("event").path("id").asText()).isEqualTo("x");
        assertThat(attempts).extracting(a -> a.path("outcome").asText()).containsExactly("delivered", "rejected");
        assertThat(attempts.get(1).path("status").asInt()).isEqualTo(400);
        assertThat(redriven.path("scheduled").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(state("x")).isEqualTo("delivered"));
        assertThat(state("never-published")).isEqualTo("pending");
        assertThat(node.get("/v1/subscriptions/crm/deliveries?eventId=x").statusCode()).isEqualTo(400);
    }

    private String state(String eventId) throws Exception {
        return JSON.readTree(node.get("/v1/subscriptions/crm/deliveries?source=%2Ftest&eventId=" + eventId).body())
                .path("state").asText();
    }

    @Test
    void transformsEventsBeforeSendingAndDeadLettersThoseTheTransformFailsOn() throws Exception {
        subscribe("crm", ",\"transform\":{\"jsonata\":\"data.n = 'bad' ? $error('no bad orders') : {'order': data.n}\","
                + "\"attributes\":{\"type\":\"order.shaped\"}}");
        publish("good", "bad");

        List<ScriptedSink.Received> received = sink.awaitRequests(1, Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode dead = JSON.readTree(node.get("/v1/subscriptions/crm/dead-letters").body()).path("deadLetters");
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).path("event").path("id").asText()).isEqualTo("bad");
            assertThat(dead.get(0).path("event").path("deadletterreason").asText()).isEqualTo("transform-failed");
            assertThat(dead.get(0).path("event").path("deadlettererror").asText()).contains("no bad orders");
        });
        assertThat(received.get(0).header("ce-type")).isEqualTo("order.shaped");
        assertThat(JSON.readTree(received.get(0).bodyText())).isEqualTo(JSON.readTree("{\"order\":\"good\"}"));
        assertThat(sink.received()).hasSize(1);
    }

    @Test
    void refusesLoopbackSinksUnlessTheNodeAllowsThem() throws Exception {
        try (TestNode strict = new TestNode(dir.resolve("strict"))) {
            strict.createBus("orders", 1);
            strict.post("/v1/subscriptions", "application/json",
                    "{\"id\":\"local\",\"bus\":\"orders\",\"sink\":\"" + sink.url("/hook") + "\",\"startAt\":\"earliest\"}");
            strict.post("/v1/buses/orders/events", "application/cloudevents+json", TestNode.event("s1"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode dead = JSON.readTree(strict.get("/v1/buses/local-dlq/partitions/0/events?from=0").body())
                        .path("events");
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0).path("event").path("deadletterreason").asText()).isEqualTo("refused");
            });
            assertThat(sink.received()).isEmpty();
        }
    }
}
