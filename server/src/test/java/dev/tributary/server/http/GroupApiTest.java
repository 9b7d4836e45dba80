package dev.tributary.server.http;

import static dev.tributary.server.http.BusApiTest.assertField;
import static dev.tributary.server.http.BusApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/buses/{bus}/groups}: consumer groups over HTTP. */
class GroupApiTest {
    static final String BATCH = "application/cloudevents-batch+json";

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("work", 2);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static void append(String stream, String... ids) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            body.append(i == 0 ? "" : ",").append(TestNode.event(ids[i]));
        }
        HttpResponse<String> r = node.post("/v1/buses/work/streams/" + stream + "/events", BATCH,
                body.append("]").toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static HttpResponse<String> post(String path, String json) {
        return node.post(path, "application/json", json);
    }

    static List<Long> positions(JsonNode fetched) {
        List<Long> out = new ArrayList<>();
        fetched.get("events").forEach(e -> out.add(e.get("position").asLong()));
        return out;
    }

    @Test
    void consumersFetchWithALeaseAckNackAndParkAndTheGroupShowsItsStats() throws Exception {
        append("job-1", "j1");
        append("job-2", "j2");
        append("task-1", "t1");
        HttpResponse<String> created = post("/v1/buses/work/groups",
                "{\"name\":\"workers\",\"category\":\"job\",\"from\":\"earliest\",\"maxDeliveries\":2,"
                        + "\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT0.001S\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("category").asText()).isEqualTo("job");

        JsonNode fetched = json(post("/v1/buses/work/groups/workers/fetch?consumer=w1&max=10", "{}"));
        assertThat(positions(fetched)).containsExactly(0L, 1L);
        assertThat(fetched.get("events").get(0).get("envelope").get("event").get("id").asText()).isEqualTo("j1");
        assertThat(fetched.get("events").get(0).get("deliveries").asInt()).isEqualTo(1);

        HttpResponse<String> acked = post("/v1/buses/work/groups/workers/ack", "{\"consumer\":\"w1\",\"positions\":[0]}");
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        assertThat(json(acked).get("stats").get("checkpoint").asLong()).isEqualTo(1);
        HttpResponse<String> lost = post("/v1/buses/work/groups/workers/ack", "{\"consumer\":\"w2\",\"positions\":[1]}");
        assertThat(lost.statusCode()).isEqualTo(409);
        assertThat(json(lost).get("type").asText()).endsWith("lease-lost");

        post("/v1/buses/work/groups/workers/nack", "{\"consumer\":\"w1\",\"positions\":[1],\"reason\":\"flaky\"}");
        JsonNode again = json(post("/v1/buses/work/groups/workers/fetch?consumer=w2", "{}"));
        assertThat(positions(again)).containsExactly(1L);
        post("/v1/buses/work/groups/workers/nack", "{\"consumer\":\"w2\",\"positions\":[1],\"reason\":\"broken\"}");
        JsonNode parked = json(node.get("/v1/buses/work/groups/workers/parked"));
        assertThat(parked.get("parked").get(0).get("position").asLong()).isEqualTo(1);
        assertThat(parked.get("parked").get(0).get("reason").asText()).isEqualTo("broken");
        JsonNode stats = json(node.get("/v1/buses/work/groups/workers")).get("stats");
        assertThat(stats.get("parked").asInt()).isEqualTo(1);
        assertThat(stats.get("redeliveries").asLong()).isEqualTo(1);

        assertThat(json(post("/v1/buses/work/groups/workers/parked/replay", "{\"positions\":[1]}"))
                .get("replayed").asInt()).isEqualTo(1);
        assertThat(positions(json(post("/v1/buses/work/groups/workers/fetch?consumer=w3", "{}")))).containsExactly(1L);
        assertThat(json(node.get("/v1/buses/work/groups")).get("groups")).hasSize(1);
        assertThat(node.delete("/v1/buses/work/groups/workers").statusCode()).isEqualTo(204);
        assertThat(node.get("/v1/buses/work/groups/workers").statusCode()).isEqualTo(404);
    }

    @Test
    void badDefinitionsAndSettlementsAreRefusedNamingTheField() throws Exception {
        assertField(post("/v1/buses/work/groups", "{\"name\":\"Bad Name\"}"), "name");
        assertField(post("/v1/buses/work/groups", "{\"name\":\"g1\",\"category\":\"a b\"}"), "category");
        assertField(post("/v1/buses/work/groups", "{\"name\":\"g1\",\"filter\":\"type =\"}"), "filter");
        assertField(post("/v1/buses/work/groups", "{\"name\":\"g1\",\"maxDeliveries\":0}"), "maxDeliveries");
        assertField(post("/v1/buses/work/groups", "{\"name\":\"g1\",\"lease\":\"PT0S\"}"), "lease");
        assertField(post("/v1/buses/work/groups", "{\"name\":\"g1\",\"lease\":\"soon\"}"), "lease");
        assertField(post("/v1/buses/work/groups", "{\"name\":\"g1\",\"ordering\":\"random\"}"), "ordering");
        assertField(post("/v1/buses/work/groups", "{\"name\":\"g1\",\"from\":99999}"), "from");
        assertField(post("/v1/buses/work/groups", "{\"name\":\"g1\",\"colour\":\"red\"}"), "colour");
        assertThat(post("/v1/buses/work/groups", "{\"name\":\"g2\"}").statusCode()).isEqualTo(201);
        assertThat(json(post("/v1/buses/work/groups", "{\"name\":\"g2\"}")).get("type").asText())
                .endsWith("group-exists");
        assertField(post("/v1/buses/work/groups/g2/fetch", "{}"), "consumer");
        assertField(post("/v1/buses/work/groups/g2/ack", "{\"consumer\":\"c\",\"positions\":[]}"), "positions");
        assertField(post("/v1/buses/work/groups/g2/ack", "{\"consumer\":\"c\",\"positions\":[-4]}"), "positions[0]");
        HttpResponse<String> unknown = post("/v1/buses/work/groups/g2/ack", "{\"consumer\":\"c\",\"positions\":[5]}");
        assertThat(unknown.statusCode()).isEqualTo(409);
        assertThat(post("/v1/buses/work/groups/none/fetch?consumer=c", "{}").statusCode()).isEqualTo(404);
    }
}
