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

/** {@code /v1/buses/{bus}/all/events}: a bus read in its global order. */
class AllApiTest {
    static final String BATCH = "application/cloudevents-batch+json";

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("ledger", 3);
        HttpResponse<String> plain = node.post("/v1/buses", "application/json",
                "{\"name\":\"firehose\",\"partitions\":2,\"globalOrder\":false}");
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static JsonNode publish(String bus, String... ids) throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            body.append(i == 0 ? "" : ",").append(TestNode.event(ids[i]));
        }
        HttpResponse<String> r = node.post("/v1/buses/" + bus + "/events", BATCH, body.append("]").toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static List<Long> positions(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.get("events").forEach(e -> out.add(e.get("position").asLong()));
        return out;
    }

    @Test
    void appendsAnswerTheirPositionsAndTheBusReadsInThatOrderBothWays() throws Exception {
        long first = json(node.get("/v1/buses/ledger")).get("endPosition").asLong();
        JsonNode published = publish("ledger", "g-0", "g-1");
        HttpResponse<String> streamed = node.post("/v1/buses/ledger/streams/cart-7/events?expectedVersion=no_stream",
                BATCH, "[" + TestNode.event("g-2") + "]");
        assertThat(published.get("results").get(0).get("position").asLong()).isEqualTo(first);
        assertThat(published.get("results").get(1).get("position").asLong()).isEqualTo(first + 1);
        assertThat(json(streamed).get("results").get(0).get("position").asLong()).isEqualTo(first + 2);

        JsonNode page = json(node.get("/v1/buses/ledger/all/events?from=" + first + "&limit=2"));
        assertThat(positions(page)).containsExactly(first, first + 1);
        assertThat(page.get("next").asLong()).isEqualTo(first + 2);
        assertThat(page.get("endPosition").asLong()).isGreaterThanOrEqualTo(first + 3);
        JsonNode rest = json(node.get("/v1/buses/ledger/all/events?from=" + (first + 2)));
        assertThat(rest.get("events").get(0).get("stream").asText()).isEqualTo("cart-7");
        assertThat(rest.get("events").get(0).get("event").get("id").asText()).isEqualTo("g-2");

        JsonNode backward = json(node.get("/v1/buses/ledger/all/events?direction=backward&from=" + (first + 1)));
        assertThat(positions(backward)).startsWith(first + 1, first);
        HttpResponse<String> ndjson = node.get("/v1/buses/ledger/all/events?from=" + first + "&limit=3",
                "application/x-ndjson");
        assertThat(ndjson.body().lines()).hasSize(3).allMatch(l -> l.contains("\"position\":"));
        assertThat(ndjson.headers().firstValue("Tributary-Next")).hasValue(Long.toString(first + 3));
    }

    @Test
    void withoutFromAForwardReadStartsAtTheFirstPosition() throws Exception {
        publish("ledger", "h-0");
        JsonNode page = json(node.get("/v1/buses/ledger/all/events?limit=1"));
        assertThat(positions(page)).containsExactly(0L);
        assertThat(page.get("firstPosition").asLong()).isZero();
    }

    @Test
    void aPositionBeyondTheEndIsRefusedNamingTheBounds() throws Exception {
        publish("ledger", "i-0");
        long end = json(node.get("/v1/buses/ledger")).get("endPosition").asLong();
        HttpResponse<String> beyond = node.get("/v1/buses/ledger/all/events?from=" + (end + 10));
        assertField(beyond, "from");
        assertThat(json(beyond).get("endPosition").asLong()).isEqualTo(end);
        assertThat(json(beyond).get("firstPosition").asLong()).isZero();
        assertThat(json(node.get("/v1/buses/ledger/all/events?from=" + end)).get("events")).isEmpty();
        assertField(node.get("/v1/buses/ledger/all/events?from=-1"), "from");
        assertField(node.get("/v1/buses/ledger/all/events?direction=sideways"), "direction");
    }

    @Test
    void aBusWithoutAGlobalOrderSaysSo() throws Exception {
        publish("firehose", "f-0");
        HttpResponse<String> r = node.get("/v1/buses/firehose/all/events");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(json(r).get("type").asText()).endsWith("no-global-order");
        JsonNode bus = json(node.get("/v1/buses/firehose"));
        assertThat(bus.get("globalOrder").asBoolean()).isFalse();
        assertThat(bus.has("endPosition")).isFalse();
        assertThat(json(node.get("/v1/buses/ledger")).get("globalOrder").asBoolean()).isTrue();
    }

    @Test
    void aCreateWithAGlobalOrderThatIsNotABooleanIsRefused() throws Exception {
        assertField(node.post("/v1/buses", "application/json", "{\"name\":\"x\",\"globalOrder\":\"yes\"}"),
                "globalOrder");
    }
}
