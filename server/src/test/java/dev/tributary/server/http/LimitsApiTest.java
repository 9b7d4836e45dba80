package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.NodeLimits;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts per node and rates per key: each refusal names its setting or says when to retry, and writes nothing. */
class LimitsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void refusesABusSubscriptionOrKeyBeyondTheNodesLimitsNamingTheSetting() throws Exception {
        try (TestNode node = new TestNode(NodeConfig.defaults().withPort(0).withDataDir(dir)
                .withLimits(new NodeLimits(2, 1, 2, 0, 0)))) {
            node.createBus("a", 1);
            node.createBus("b", 1);
            HttpResponse<String> bus = node.post("/v1/buses", "application/json", "{\"name\":\"c\"}");
            assertThat(bus.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(bus.body()).path("setting").asText()).isEqualTo("max-buses");
            assertThat(JSON.readTree(node.get("/v1/buses").body()).path("buses")).hasSize(2);

            assertThat(node.post("/v1/subscriptions", "application/json",
                    "{\"id\":\"s1\",\"bus\":\"a\",\"sink\":\"bus:b\"}").statusCode()).isEqualTo(201);
            HttpResponse<String> sub = node.post("/v1/subscriptions", "application/json",
                    "{\"id\":\"s2\",\"bus\":\"a\",\"sink\":\"bus:b\"}");
            assertThat(JSON.readTree(sub.body()).path("setting").asText()).as(sub.body()).isEqualTo("max-subscriptions");

            assertThat(node.post("/v1/keys", "application/json", "{\"name\":\"k1\",\"scopes\":[\"metrics\"]}")
                    .statusCode()).isEqualTo(201);
            HttpResponse<String> key = node.post("/v1/keys", "application/json",
                    "{\"name\":\"k2\",\"scopes\":[\"metrics\"]}");
            assertThat(key.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(key.body()).path("setting").asText()).isEqualTo("max-keys");
        }
    }

    @Test
    void aKeyOverItsRatesIsAnswered429WithRetryAfterAndItsEventsAreNotStored() throws Exception {
        try (TestNode node = new TestNode(dir)) {
            node.createBus("orders", 1);
            JsonNode created = JSON.readTree(node.post("/v1/keys", "application/json",
                    "{\"name\":\"slow\",\"scopes\":[\"publish:orders\",\"read:orders\"],"
                            + "\"limits\":{\"requestsPerSecond\":1000,\"eventsPerSecond\":3}}").body());
            assertThat(created.path("limits").toString()).isEqualTo("{\"requestsPerSecond\":1000,\"eventsPerSecond\":3}");
            String token = created.path("token").asText();

            assertThat(publish(node, token, 3).statusCode()).isEqualTo(200);
            HttpResponse<String> over = publish(node, token, 3);
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(over.headers().firstValue("retry-after")).isPresent();
            assertThat(JSON.readTree(node.get("/v1/buses/orders").body()).path("partitionStats").get(0)
                    .path("endOffset").asLong()).isEqualTo(3);

            String chatty = JSON.readTree(node.post("/v1/keys", "application/json",
                    "{\"name\":\"chatty\",\"scopes\":[\"read:orders\"],\"limits\":{\"requestsPerSecond\":1}}").body())
                    .path("token").asText();
            assertThat(get(node, chatty).statusCode()).isEqualTo(200);
            HttpResponse<String> again = get(node, chatty);
            assertThat(again.statusCode()).isEqualTo(429);
            assertThat(again.headers().firstValue("retry-after")).hasValue("1");
        }
    }

    @Test
    void refusesBadLimitsNamingTheField() throws Exception {
        try (TestNode node = new TestNode(dir)) {
            for (String[] c : new String[][] {
                {"{\"name\":\"x\",\"scopes\":[\"metrics\"],\"limits\":{\"requestsPerSecond\":-1}}", "limits.requestsPerSecond"},
                {"{\"name\":\"x\",\"scopes\":[\"metrics\"],\"limits\":{\"eventsPerSecond\":1.5}}", "limits.eventsPerSecond"},
                {"{\"name\":\"x\",\"scopes\":[\"metrics\"],\"limits\":{\"burst\":1}}", "limits.burst"},
                {"{\"name\":\"x\",\"scopes\":[\"metrics\"],\"limits\":5}", "limits"}}) {
                HttpResponse<String> answer = node.post("/v1/keys", "application/json", c[0]);
                assertThat(answer.statusCode()).as(c[0]).isEqualTo(400);
                assertThat(JSON.readTree(answer.body()).path("field").asText()).as(c[0]).isEqualTo(c[1]);
            }
        }
    }

    private static HttpResponse<String> publish(TestNode node, String token, int events) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < events; i++) {
            batch.append(i == 0 ? "" : ",").append(TestNode.event("e-" + System.nanoTime() + "-" + i));
        }
        return node.sendAs(HttpRequest.newBuilder(node.uri("/v1/buses/orders/events"))
                .header("authorization", "Bearer " + token)
                .header("content-type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString())).build());
    }

    private static HttpResponse<String> get(TestNode node, String token) {
        return node.sendAs(HttpRequest.newBuilder(node.uri("/v1/buses/orders"))
                .header("authorization", "Bearer " + token).GET().build());
    }
}
