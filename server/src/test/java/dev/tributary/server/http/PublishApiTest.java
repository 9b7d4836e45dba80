package dev.tributary.server.http;

import static dev.tributary.server.http.BusApiTest.assertField;
import static dev.tributary.server.http.BusApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishApiTest {
    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dev.tributary.server.NodeConfig.defaults().withPort(0).withDataDir(dir));
        node.createBus("orders", 4);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Map<String, String> binaryHeaders(String id) {
        return Map.of("ce-specversion", "1.0", "ce-id", id, "ce-source", "/binary", "ce-type", "test.binary");
    }

    long storedEvents() throws Exception {
        long total = 0;
        for (JsonNode p : json(node.get("/v1/buses/orders")).get("partitionStats")) {
            total += p.get("endOffset").asLong();
        }
        return total;
    }

    @Test
    void publishesInBinaryModeAndReadsTheBytesBack() throws Exception {
        byte[] data = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13};
        HttpResponse<String> published =
                node.post("/v1/buses/orders/events", "application/octet-stream", data, binaryHeaders("bin-1"));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        JsonNode result = json(published).get("results").get(0);
        int partition = result.get("partition").asInt();
        long offset = result.get("offset").asLong();

        JsonNode read = json(node.get("/v1/buses/orders/partitions/" + partition + "/events?from=" + offset + "&limit=1"));
        JsonNode event = read.get("events").get(0).get("event");
        assertThat(event.get("id").asText()).isEqualTo("bin-1");
        assertThat(event.get("datacontenttype").asText()).isEqualTo("application/octet-stream");
        assertThat(Base64.getDecoder().decode(event.get("data_base64").asText())).isEqualTo(data);
        assertThat(read.get("next").asLong()).isEqualTo(offset + 1);
    }

    @Test
    void publishesStructuredAndBatchEventsWithPositionsInRequestOrder() throws Exception {
        HttpResponse<String> one = node.post("/v1/buses/orders/events", STRUCTURED, TestNode.event("s-1"));
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(json(one).get("results")).hasSize(1);

        String batch = "[" + TestNode.event("b-1") + "," + TestNode.event("b-2") + "," + TestNode.event("b-3") + "]";
        HttpResponse<String> many = node.post("/v1/buses/orders/events", BATCH, batch);
        assertThat(many.statusCode()).as(many.body()).isEqualTo(200);
        JsonNode results = json(many).get("results");
        assertThat(results).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode r = results.get(i);
            JsonNode read = json(node.get("/v1/buses/orders/partitions/" + r.get("partition").asInt() + "/events?from="
                    + r.get("offset").asLong() + "&limit=1"));
            assertThat(read.get("events").get(0).get("event").get("id").asText()).isEqualTo("b-" + (i + 1));
            assertThat(read.get("events").get(0).get("event").get("data").get("n").asText()).isEqualTo("b-" + (i + 1));
        }
    }

    @Test
    void acknowledgesADuplicateWithTheOriginalPosition() throws Exception {
        JsonNode first = json(node.post("/v1/buses/orders/events", STRUCTURED, TestNode.event("dup-1"))).get("results").get(0);
        long before = storedEvents();
        JsonNode again = json(node.post("/v1/buses/orders/events", STRUCTURED, TestNode.event("dup-1"))).get("results").get(0);
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(again.get("offset").asLong()).isEqualTo(first.get("offset").asLong());
        assertThat(again.get("partition").asInt()).isEqualTo(first.get("partition").asInt());
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void routesByPartitionKey() throws Exception {
        String a = TestNode.event("pk-1").replace("{\"specversion\"", "{\"partitionkey\":\"customer-7\",\"specversion\"");
        String b = TestNode.event("pk-2").replace("{\"specversion\"", "{\"partitionkey\":\"customer-7\",\"specversion\"");
        int pa = json(node.post("/v1/buses/orders/events", STRUCTURED, a)).get("results").get(0).get("partition").asInt();
        int pb = json(node.post("/v1/buses/orders/events", STRUCTURED, b)).get("results").get(0).get("partition").asInt();
        assertThat(pa).isEqualTo(pb);
    }

    @Test
    void rejectsBatchWithOneInvalidEventAndWritesNothing() throws Exception {
        long before = storedEvents();
        String batch = "[" + TestNode.event("ok-1") + "," + TestNode.event("ok-2").replace("\"source\":\"/test\",", "") + "]";
        assertField(node.post("/v1/buses/orders/events", BATCH, batch), "[1].source");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void rejectsEveryKindOfBadEventNamingTheField() throws Exception {
        long before = storedEvents();
        String path = "/v1/buses/orders/events";
        assertField(node.post(path, STRUCTURED, "{\"specversion\":\"1.0\",\"id\":"), "body");
        assertField(node.post(path, STRUCTURED, TestNode.event("x").replace("\"id\":\"x\",", "")), "id");
        assertField(node.post(path, STRUCTURED, TestNode.event("x").replace("\"type\":\"test.created\",", "")), "type");
        assertField(node.post(path, STRUCTURED, TestNode.event("x").replace("\"specversion\":\"1.0\",", "")), "specversion");
        assertField(node.post(path, STRUCTURED, TestNode.event("x").replace("\"1.0\"", "\"0.3\"")), "specversion");
        assertField(node.post(path, STRUCTURED, TestNode.event("x").replace("{\"specversion\"", "{\"Bad-Name\":\"v\",\"specversion\"")), "Bad-Name");
        assertField(node.post(path, STRUCTURED, TestNode.event("x").replace("{\"specversion\"", "{\"time\":\"yesterday\",\"specversion\"")), "time");
        assertField(node.post(path, BATCH, "[]"), "body");
        byte[] invalidUtf8 = TestNode.event("x").replace("/test", "/t\u00e9st").getBytes(StandardCharsets.ISO_8859_1);
        assertField(node.post(path, STRUCTURED, invalidUtf8, Map.of()), "body");
        Map<String, String> badPercent = new java.util.HashMap<>(binaryHeaders("p-1"));
        badPercent.put("ce-subject", "caf%C3%A");
        assertField(node.post(path, "text/plain", "hi".getBytes(StandardCharsets.UTF_8), badPercent), "ce-subject");
        Map<String, String> noId = new java.util.HashMap<>(binaryHeaders("p-2"));
        noId.remove("ce-id");
        assertField(node.post(path, "text/plain", "hi".getBytes(StandardCharsets.UTF_8), noId), "ce-id");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void rejectsOversizedEventsAndBatches() throws Exception {
        long before = storedEvents();
        String big = "x".repeat(1024 * 1024 + 10);
        String event = "{\"specversion\":\"1.0\",\"id\":\"big\",\"source\":\"/t\",\"type\":\"t\",\"data\":\"" + big + "\"}";
        HttpResponse<String> tooBig = node.post("/v1/buses/orders/events", STRUCTURED, event);
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(json(tooBig).get("field").asText()).isEqualTo("event");
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            batch.append(i == 0 ? "" : ",").append(TestNode.event("many-" + i));
        }
        assertField(node.post("/v1/buses/orders/events", BATCH, batch.append("]").toString()), "body");
        String huge = "[" + (event + ",").repeat(4) + event + "]";
        HttpResponse<String> tooLarge = node.post("/v1/buses/orders/events", BATCH, huge);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void answersUnknownBusAndUnsupportedContentType() throws Exception {
        HttpResponse<String> unknown = node.post("/v1/buses/nope/events", STRUCTURED, TestNode.event("u"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("type").asText()).endsWith("bus-not-found");
        assertField(node.post("/v1/buses/No_Such!/events", STRUCTURED, TestNode.event("u")), "bus");
        HttpResponse<String> plain = node.post("/v1/buses/orders/events", "text/plain", "hello");
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(json(plain).get("detail").asText()).contains("content-type");
    }
}
