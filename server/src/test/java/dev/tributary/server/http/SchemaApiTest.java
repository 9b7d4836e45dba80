package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schemas registered under compatibility rules, and events validated against them at the door. */
class SchemaApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER = """
            {"schema":{"type":"object","required":["total"],"properties":{
              "total":{"type":"number","minimum":0},
              "currency":{"type":"string","enum":["EUR","USD"]},
              "lines":{"type":"array","items":{"type":"object","required":["sku"],
                 "properties":{"sku":{"type":"string","pattern":"^[A-Z0-9-]+$"}}}}}}}""";
    private static final String BATCH = "application/cloudevents-batch+json";

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("shop", 1);
        node.createBus("lax", 1);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void registersVersionsRefusesABreakingOneAndTreatsTheSameSchemaAsTheSameVersion() throws Exception {
        HttpResponse<String> first = node.post("/v1/schemas/invoice.sent/versions", "application/json", ORDER);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(json(first).path("version").asInt()).isEqualTo(1);
        assertThat(json(first).path("uri").asText()).isEqualTo("tributary:schemas/invoice.sent/versions/1");
        assertThat(node.post("/v1/schemas/invoice.sent/versions", "application/json", ORDER).statusCode())
                .as("the same schema again").isEqualTo(200);

        HttpResponse<String> breaking = node.post("/v1/schemas/invoice.sent/versions", "application/json",
                "{\"schema\":{\"type\":\"object\",\"required\":[\"total\",\"customer\"],"
                        + "\"properties\":{\"total\":{\"type\":\"integer\"},\"customer\":{\"type\":\"string\"}}}}");
        assertThat(breaking.statusCode()).as(breaking.body()).isEqualTo(409);
        assertThat(json(breaking).path("compatibility").asText()).isEqualTo("backward");
        assertThat(json(breaking).path("incompatibilities").toString()).contains("customer").contains("total");

        assertThat(node.put("/v1/schemas/invoice.sent/compatibility", "{\"compatibility\":\"none\"}").statusCode())
                .isEqualTo(200);
        assertThat(node.post("/v1/schemas/invoice.sent/versions", "application/json",
                "{\"schema\":{\"type\":\"object\",\"required\":[\"customer\"]}}").statusCode()).isEqualTo(201);
        assertThat(json(node.get("/v1/schemas/invoice.sent/versions")).path("versions")).hasSize(2);
        assertThat(json(node.get("/v1/schemas/invoice.sent/versions/latest")).path("version").asInt()).isEqualTo(2);
    }

    @Test
    void anEnforcingBusRefusesTheWholeBatchNamingTheEventThePointerAndTheKeyword() throws Exception {
        register("order.placed", "shop");
        assertThat(node.put("/v1/buses/shop/validation", "{\"mode\":\"enforce\"}").statusCode()).isEqualTo(200);
        long before = stored("shop");

        HttpResponse<String> refused = node.post("/v1/buses/shop/events", BATCH, "[" + event("ok-1", "{\"total\":5}")
                + "," + event("bad-1", "{\"total\":5,\"lines\":[{\"sku\":\"ok\"}]}") + "]");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode problem = json(refused);
        assertThat(problem.path("field").asText()).isEqualTo("[1].data/lines/0/sku");
        assertThat(problem.path("index").asInt()).isEqualTo(1);
        assertThat(problem.path("violations").get(0).path("keyword").asText()).isEqualTo("pattern");
        assertThat(stored("shop")).as("nothing of the batch is written").isEqualTo(before);

        assertThat(node.post("/v1/buses/shop/events", BATCH, "[" + event("ok-2", "{\"total\":1,\"currency\":\"EUR\"}")
                + "]").statusCode()).isEqualTo(200);
        HttpResponse<String> text = node.post("/v1/buses/shop/events", "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":\"t-1\",\"source\":\"/s\",\"type\":\"order.placed\","
                        + "\"datacontenttype\":\"text/plain\",\"data\":\"total=5\"}");
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(json(text).path("detail").asText()).contains("must carry JSON");
        assertThat(node.post("/v1/buses/shop/events", BATCH, "[" + event("other", "{\"x\":1}").replace(
                "order.placed", "order.other") + "]").statusCode()).as("a type without a schema passes").isEqualTo(200);
    }

    @Test
    void validatesDataWhateverItsPlaceAmongTheAttributes() throws Exception {
        node.createBus("ordered", 1);
        register("order.placed", "ordered");
        assertThat(node.put("/v1/buses/ordered/validation", "{\"mode\":\"enforce\"}").statusCode()).isEqualTo(200);
        String dataFirst = "{\"data\":%s,\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/shop\","
                + "\"type\":\"order.placed\"%s}";

        // The codec reads data before it knows the type here, so the schema stage reads it afterwards.
        HttpResponse<String> refused = node.post("/v1/buses/ordered/events", BATCH,
                "[" + event("a", "{\"total\":1}") + "," + dataFirst.formatted("{\"total\":-1}", "b", "") + "]");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused).path("field").asText()).isEqualTo("[1].data/total");
        HttpResponse<String> notJson = node.post("/v1/buses/ordered/events", "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":\"c\",\"source\":\"/shop\",\"type\":\"order.placed\","
                        + "\"data\":{\"total\":1},\"datacontenttype\":\"application/xml\"}");
        assertThat(notJson.statusCode()).as(notJson.body()).isEqualTo(400);
        assertThat(json(notJson).path("detail").asText()).contains("must carry JSON");
        assertThat(stored("ordered")).isZero();

        assertThat(node.post("/v1/buses/ordered/events", BATCH, "[" + dataFirst.formatted("{\"total\":1}", "d", "")
                + "," + event("e", "{\"total\":2,\"lines\":[{\"sku\":\"A-1\"}]}") + "]").statusCode())
                .isEqualTo(200);
        assertThat(stored("ordered")).isEqualTo(2);
    }

    @Test
    void aWarningBusStoresTheEventAndCountsIt() throws Exception {
        register("order.placed", "lax");
        assertThat(node.put("/v1/buses/lax/validation", "{\"mode\":\"warn\"}").statusCode()).isEqualTo(200);

        assertThat(node.post("/v1/buses/lax/events", BATCH, "[" + event("w-1", "{\"total\":-3}") + "]").statusCode())
                .isEqualTo(200);

        assertThat(stored("lax")).isEqualTo(1);
        assertThat(node.get("/metrics").body()).contains("tributary_schema_violations_total{bus=\"lax\",mode=\"warn\"}");
    }

    @Test
    void theLatestSchemaABusValidatesWithCannotBeDeletedSilently() throws Exception {
        node.createBus("strict", 1);
        register("payment.taken", "strict");
        node.put("/v1/buses/strict/validation", "{\"mode\":\"enforce\"}");

        HttpResponse<String> refused = node.delete("/v1/schemas/payment.taken/versions/1?bus=strict");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        node.put("/v1/buses/strict/validation", "{\"mode\":\"off\"}");
        assertThat(node.delete("/v1/schemas/payment.taken/versions/1?bus=strict").statusCode()).isEqualTo(204);
    }

    @Test
    void refusesBadSchemasAndRequestsNamingTheField() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"schema\":{\"type\":\"objekt\"}}", "schema",
                "{\"schema\":{\"$ref\":\"https://example.com/s.json\"}}", "schema",
                "{\"schema\":[1,2]}", "schema",
                "{\"schema\":{},\"extra\":1}", "extra");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> answer = node.post("/v1/schemas/bad.type/versions", "application/json", c.getKey());
            assertThat(answer.statusCode()).as(c.getKey() + " → " + answer.body()).isEqualTo(400);
            assertThat(json(answer).path("field").asText()).as(c.getKey()).isEqualTo(c.getValue());
        }
        assertThat(node.put("/v1/buses/shop/validation", "{\"mode\":\"strict\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> check = node.post("/v1/schemas/order.placed/check?bus=shop", "application/json",
                "{\"data\":{\"total\":\"ten\"}}");
        assertThat(json(check).path("valid").asBoolean()).isFalse();
        assertThat(json(check).path("violations").get(0).path("pointer").asText()).isEqualTo("/total");
    }

    private static void register(String type, String bus) {
        HttpResponse<String> answer = node.post("/v1/schemas/" + type + "/versions?bus=" + bus, "application/json", ORDER);
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 201);
    }

    private static String event(String id, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/shop\",\"type\":\"order.placed\","
                + "\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    }

    private static long stored(String bus) throws Exception {
        return json(node.get("/v1/buses/" + bus)).path("partitionStats").get(0).path("endOffset").asLong();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
