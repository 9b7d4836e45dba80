package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("orders", 2);
        node.createBus("sales", 1);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> put(String path, String body, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(path))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("if-match", ifMatch);
        }
        return node.send(request.build());
    }

    @Test
    void createsDescribesUpdatesAndDeletesASubscription() throws Exception {
        HttpResponse<String> created = node.post("/v1/subscriptions", "application/json", """
                {"id":"crm","bus":"sales","types":["order.placed"],"sink":"https://crm.example.com/hook",
                 "sinkcredential":{"type":"bearer","token":"s3cret"},"delivery":{"maxInFlight":16}}""");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("etag")).hasValue("\"1\"");
        JsonNode body = json(created);
        assertThat(body.path("state").asText()).isEqualTo("active");
        assertThat(body.path("sinkcredential").path("token").asText()).isEqualTo("***");
        assertThat(body.path("delivery").path("maxInFlight").asInt()).isEqualTo(16);
        assertThat(body.path("delivery").path("deadLetterBus").asText()).isEqualTo("crm-dlq");
        assertThat(body.path("signing").path("secrets").get(0).asText()).isEqualTo("whsec_***");
        assertThat(json(node.get("/v1/subscriptions/crm/signing")).path("secrets").get(0).asText()).startsWith("whsec_")
                .hasSizeGreaterThan(20);

        ObjectNode edited = (ObjectNode) json(node.get("/v1/subscriptions/crm"));
        ((ObjectNode) edited.path("delivery")).put("maxInFlight", 4);
        HttpResponse<String> updated = put("/v1/subscriptions/crm", edited.toString(), "\"1\"");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).path("revision").asLong()).isEqualTo(2);
        assertThat(json(updated).path("delivery").path("maxInFlight").asInt()).isEqualTo(4);

        HttpResponse<String> stale = put("/v1/subscriptions/crm", edited.toString(), "\"1\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).path("currentRevision").asLong()).isEqualTo(2);

        assertThat(json(node.get("/v1/subscriptions?bus=sales")).path("subscriptions")).hasSize(1);
        assertThat(node.delete("/v1/subscriptions/crm").statusCode()).isEqualTo(204);
        assertThat(node.get("/v1/subscriptions/crm").statusCode()).isEqualTo(404);
        assertThat(node.delete("/v1/subscriptions/crm").statusCode()).isEqualTo(404);
    }

    @Test
    void pausesResumesResetsAndShowsPositions() throws Exception {
        node.post("/v1/buses/orders/events", "application/cloudevents-batch+json",
                "[" + TestNode.event("p1") + "," + TestNode.event("p2") + "," + TestNode.event("p3") + "]");
        assertThat(node.post("/v1/subscriptions", "application/json",
                "{\"id\":\"audit\",\"bus\":\"orders\",\"sink\":\"https://audit.example.com\"}").statusCode()).isEqualTo(201);
        JsonNode atEnd = json(node.get("/v1/subscriptions/audit/positions")).path("positions");

        // Paused while reset, so that no delivery moves the positions before they are read back.
        JsonNode paused = json(node.post("/v1/subscriptions/audit/pause", "application/json", "{\"reason\":\"maintenance\"}"));
        JsonNode reset = json(node.post("/v1/subscriptions/audit/reset", "application/json", "{\"position\":\"earliest\"}"));
        JsonNode positions = json(node.get("/v1/subscriptions/audit/positions")).path("positions");
        JsonNode resumed = json(node.post("/v1/subscriptions/audit/resume", null, ""));

        assertThat(atEnd.path("0").asLong() + atEnd.path("1").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(paused.path("state").asText()).isEqualTo("paused");
        assertThat(paused.path("pausedReason").asText()).isEqualTo("maintenance");
        assertThat(resumed.path("state").asText()).isEqualTo("active");
        assertThat(reset.path("positions")).isEqualTo(JSON.valueToTree(Map.of("0", 0, "1", 0)));
        assertThat(positions).isEqualTo(reset.path("positions"));
    }

    @Test
    void rejectsBadDefinitionsNamingTheMember() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"bus\":\"orders\",\"sink\":\"ftp://x\"}", "sink",
                "{\"bus\":\"orders\",\"sink\":\"https://x.example\",\"filters\":[{\"sql\":\"type =\"}]}", "filters[0].sql",
                "{\"bus\":\"orders\",\"sink\":\"https://x.example\",\"delivery\":{\"backoff\":{\"kind\":\"fixed\"}}}", "delivery.backoff.delay",
                "{\"bus\":\"orders\",\"sink\":\"https://x.example\",\"maxInFlight\":3}", "maxInFlight",
                "{\"sink\":\"https://x.example\"}", "bus",
                "[1]", "body");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response = node.post("/v1/subscriptions", "application/json", c.getKey());
            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(json(response).path("field").asText()).as(c.getKey()).isEqualTo(c.getValue());
        }
        assertThat(node.post("/v1/subscriptions", "application/json", "{\"bus\":\"nope\",\"sink\":\"https://x.example\"}")
                .statusCode()).isEqualTo(404);
        assertThat(node.post("/v1/subscriptions/audit/reset", "application/json", "{\"position\":\"soon\"}").statusCode())
                .isEqualTo(400);
        assertThat(node.get("/v1/subscriptions/Bad%20Id").statusCode()).isEqualTo(400);
        assertThat(json(node.get("/v1/subscriptions")).path("subscriptions").findValues("id"))
                .extracting(JsonNode::asText)
                .doesNotContain("x");
    }
}
