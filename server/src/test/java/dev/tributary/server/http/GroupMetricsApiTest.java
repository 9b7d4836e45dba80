package dev.tributary.server.http;

import static dev.tributary.server.http.BusApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} per consumer group: {@code tributary_consumer_group_*{bus,group}}. */
class GroupMetricsApiTest {
    static final String BATCH = "application/cloudevents-batch+json";

    @TempDir
    Path dir;

    @Test
    void showsEachGroupsLagInFlightParkedPendingConsumersAndRedeliveriesUntilItIsDeleted() {
        try (TestNode node = new TestNode(dir)) {
            node.createBus("jobs", 1);
            append(node, "jobs", "job-1", "a", "b", "c");
            created(node, "jobs", "{\"name\":\"workers\",\"from\":\"earliest\",\"ordering\":\"none\","
                    + "\"backoff\":{\"kind\":\"schedule\",\"delays\":[\"PT0S\"]}}");

            assertThat(positions(post(node, "/v1/buses/jobs/groups/workers/fetch?consumer=w1&max=10", "")))
                    .containsExactly(0L, 1L, 2L);
            ok(post(node, "/v1/buses/jobs/groups/workers/nack", "{\"consumer\":\"w1\",\"positions\":[0]}"));
            assertThat(positions(post(node, "/v1/buses/jobs/groups/workers/fetch?consumer=w1&max=10", "")))
                    .containsExactly(0L);
            ok(post(node, "/v1/buses/jobs/groups/workers/park", "{\"consumer\":\"w1\",\"positions\":[1]}"));

            String metrics = node.get("/metrics").body();
            String series = "{bus=\"jobs\",group=\"workers\"}";
            assertThat(value(metrics, "tributary_consumer_group_lag" + series)).hasValue(3);
            assertThat(value(metrics, "tributary_consumer_group_pending" + series)).hasValue(2);
            assertThat(value(metrics, "tributary_consumer_group_in_flight" + series)).hasValue(2);
            assertThat(value(metrics, "tributary_consumer_group_parked" + series)).hasValue(1);
            assertThat(value(metrics, "tributary_consumer_group_consumers" + series)).hasValue(1);
            assertThat(value(metrics, "tributary_consumer_group_redeliveries_total" + series)).hasValue(1);

            ok(post(node, "/v1/buses/jobs/groups/workers/ack", "{\"consumer\":\"w1\",\"positions\":[0,2]}"));
            metrics = node.get("/metrics").body();
            assertThat(value(metrics, "tributary_consumer_group_lag" + series)).hasValue(0);
            assertThat(value(metrics, "tributary_consumer_group_in_flight" + series)).hasValue(0);

            assertThat(node.delete("/v1/buses/jobs/groups/workers").statusCode()).isEqualTo(204);
            assertThat(node.get("/metrics").body()).doesNotContain("group=\"workers\"");
        }
    }

    @Test
    void aDeletedBusTakesItsGroupsMetricsAlong() {
        try (TestNode node = new TestNode(dir)) {
            node.createBus("doomed", 1);
            created(node, "doomed", "{\"name\":\"g\"}");
            assertThat(value(node.get("/metrics").body(), "tributary_consumer_group_lag{bus=\"doomed\",group=\"g\"}"))
                    .hasValue(0);

            assertThat(node.delete("/v1/buses/doomed").statusCode()).isEqualTo(204);
            assertThat(node.get("/metrics").body()).doesNotContain("bus=\"doomed\"");
        }
    }

    @Test
    void groupsShowAfterARestartAndABusWithoutGroupsGetsNoGroupsDb() {
        try (TestNode node = new TestNode(dir)) {
            node.createBus("kept", 1);
            node.createBus("plain", 1);
            append(node, "kept", "job-1", "a", "b");
            created(node, "kept", "{\"name\":\"g\",\"from\":\"earliest\"}");
        }
        try (TestNode node = new TestNode(dir)) {
            String metrics = node.get("/metrics").body();
            assertThat(value(metrics, "tributary_consumer_group_lag{bus=\"kept\",group=\"g\"}")).hasValue(2);
            assertThat(metrics).doesNotContain("group_lag{bus=\"plain\"");
            assertThat(Files.exists(dir.resolve("buses").resolve("plain").resolve("groups.db"))).isFalse();
        }
    }

    /** The value of the sample whose name and labels are {@code series}, if the scrape has it. */
    static OptionalDouble value(String metrics, String series) {
        return metrics.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip().split(" ")[0]))
                .findFirst();
    }

    static void append(TestNode node, String bus, String stream, String... ids) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            body.append(i == 0 ? "" : ",").append(TestNode.event(ids[i]));
        }
        HttpResponse<String> r = node.post("/v1/buses/" + bus + "/streams/" + stream + "/events", BATCH,
                body.append("]").toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static void created(TestNode node, String bus, String json) {
        HttpResponse<String> r = post(node, "/v1/buses/" + bus + "/groups", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    static HttpResponse<String> post(TestNode node, String path, String json) {
        return node.post(path, "application/json", json);
    }

    static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static List<Long> positions(HttpResponse<String> fetched) {
        ok(fetched);
        List<Long> out = new ArrayList<>();
        try {
            JsonNode events = json(fetched).get("events");
            events.forEach(e -> out.add(e.get("position").asLong()));
        } catch (Exception e) {
            throw new AssertionError(fetched.body(), e);
        }
        return out;
    }
}
