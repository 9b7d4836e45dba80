package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.broker.BusDefaults;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void createsDescribesListsAndDeletesABus() throws Exception {
        HttpResponse<String> created = node.post("/v1/buses", "application/json",
                "{\"name\":\"orders\",\"partitions\":3,\"retention\":{\"maxAge\":\"P7D\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("partitions").asInt()).isEqualTo(3);
        assertThat(json(created).get("retention").get("maxAge").asText()).isEqualTo("PT168H");

        JsonNode described = json(node.get("/v1/buses/orders"));
        assertThat(described.get("partitionStats")).hasSize(3);
        assertThat(described.get("partitionStats").get(0).get("endOffset").asLong()).isZero();
        assertThat(described.get("partitionStats").get(0).get("segments").asInt()).isEqualTo(1);

        assertThat(json(node.get("/v1/buses")).get("buses").findValuesAsText("name")).contains("orders");
        assertThat(node.delete("/v1/buses/orders").statusCode()).isEqualTo(204);
        assertThat(node.get("/v1/buses/orders").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesASecondBusWithTheSameName() {
        node.createBus("twice", 1);
        HttpResponse<String> again = node.post("/v1/buses", "application/json", "{\"name\":\"twice\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("content-type")).hasValue("application/problem+json");
    }

    @Test
    void rejectsBadBusDefinitionsNamingTheField() throws Exception {
        assertField(node.post("/v1/buses", "application/json", "{\"name\":\"Bad Name\"}"), "name");
        assertField(node.post("/v1/buses", "application/json", "{\"name\":\"ok\",\"partitions\":0}"), "partitions");
        assertField(node.post("/v1/buses", "application/json", "{\"name\":\"ok\",\"partitons\":2}"), "partitons");
        assertField(node.post("/v1/buses", "application/json",
                "{\"name\":\"ok\",\"retention\":{\"maxAge\":\"7 days\"}}"), "retention.maxAge");
        assertField(node.post("/v1/buses", "application/json", "{\"name\":"), "body");
        assertThat(node.get("/v1/buses/ok").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesMorePartitionsThanTheNodeAllowsNamingTheSetting() throws Exception {
        HttpResponse<String> refused = node.post("/v1/buses", "application/json",
                "{\"name\":\"wide\",\"partitions\":" + (BusDefaults.DEFAULT_MAX_PARTITIONS + 1) + "}");

        assertField(refused, "partitions");
        assertThat(json(refused).get("detail").asText()).contains("setting max-partitions");
        assertThat(node.get("/v1/buses/wide").statusCode()).isEqualTo(404);
    }

    @Test
    void answersUnknownRoutesAndWrongMethodsWithProblems() throws Exception {
        HttpResponse<String> missing = node.get("/v1/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("status").asInt()).isEqualTo(404);
        HttpResponse<String> wrongMethod = node.send(java.net.http.HttpRequest.newBuilder(node.uri("/v1/buses"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("content-type")).hasValue("application/problem+json");
    }

    @Test
    void servesHealthAndMetrics() {
        assertThat(node.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(node.get("/health/ready").statusCode()).isEqualTo(200);
        node.createBus("metered", 2);
        node.post("/v1/buses/metered/events", "application/cloudevents+json", TestNode.event("m1"));
        String metrics = node.get("/metrics").body();
        assertThat(metrics)
                .contains("tributary_appended_events_total{bus=\"metered\"}")
                .contains("tributary_appended_bytes_total{bus=\"metered\"}")
                .contains("tributary_append_latency_seconds_bucket{bus=\"metered\"")
                .contains("tributary_fsync_latency_seconds_bucket{bus=\"metered\"")
                .contains("tributary_group_commit_events_bucket{bus=\"metered\"")
                .contains("tributary_segments{bus=\"metered\",partition=\"1\"}")
                .contains("tributary_http_requests_seconds_count{method=\"POST\",route=\"/v1/buses/:bus/events\",status=\"200\"}");
    }

    static void assertField(HttpResponse<String> response, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(json(response).get("field").asText()).as(response.body()).isEqualTo(field);
    }
}
