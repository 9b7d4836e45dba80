package dev.tributary.server.http;

import static dev.tributary.server.http.BusApiTest.assertField;
import static dev.tributary.server.http.BusApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/buses/{bus}/categories/{category}/events} and {@code /types/{type}/events}: the bus's indexes. */
class IndexApiTest {
    static final String BATCH = "application/cloudevents-batch+json";

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("shop", 3);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static void append(String bus, String stream, String id, String type) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/shop\",\"type\":\"" + type + "\"}";
        HttpResponse<String> r = node.post("/v1/buses/" + bus + "/streams/" + stream + "/events", BATCH,
                "[" + event + "]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("events").forEach(e -> out.add(e.get("event").get("id").asText()));
        return out;
    }

    @Test
    void aCategoryAndATypeReadInTheGlobalOrderWithACheckpointPastWhatDidNotMatch() throws Exception {
        append("shop", "order-1", "a", "order.placed");
        append("shop", "cart-1", "b", "cart.filled");
        append("shop", "order-2", "c", "order.paid");
        append("shop", "order-1", "d", "order.paid");
        long end = json(node.get("/v1/buses/shop")).get("endPosition").asLong();

        JsonNode orders = json(node.get("/v1/buses/shop/categories/order/events"));
        assertThat(ids(orders)).containsSubsequence("a", "c", "d").doesNotContain("b");
        assertThat(orders.get("next").asLong()).isEqualTo(end);
        JsonNode paid = json(node.get("/v1/buses/shop/types/order.paid/events?direction=backward&limit=2"));
        assertThat(ids(paid)).containsExactly("d", "c");
        JsonNode none = json(node.get("/v1/buses/shop/categories/refund/events?from=0"));
        assertThat(none.get("events")).isEmpty();
        assertThat(none.get("next").asLong()).isEqualTo(end);
        HttpResponse<String> ndjson = node.get("/v1/buses/shop/categories/cart/events", "application/x-ndjson");
        assertThat(ndjson.body().lines()).anyMatch(l -> l.contains("\"id\":\"b\""));
    }

    @Test
    void aLongPollAnswersWhenAMatchingEventArrivesAndAnEmptyPageWhenTheWaitEnds() throws Exception {
        append("shop", "invoice-1", "i-0", "invoice.sent");
        long end = json(node.get("/v1/buses/shop")).get("endPosition").asLong();
        CompletableFuture<HttpResponse<String>> polled = CompletableFuture.supplyAsync(
                () -> node.get("/v1/buses/shop/categories/invoice/events?wait=30&from=" + end));
        append("shop", "cart-9", "not-it", "cart.filled"); // wakes the poll, which waits on
        append("shop", "invoice-2", "i-1", "invoice.sent");
        JsonNode page = json(polled.get(30, TimeUnit.SECONDS));
        assertThat(ids(page)).containsExactly("i-1");

        long now = json(node.get("/v1/buses/shop")).get("endPosition").asLong();
        HttpResponse<String> empty = node.get("/v1/buses/shop/types/never.sent/events?wait=1&from=" + now);
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(json(empty).get("events")).isEmpty();
        assertThat(json(empty).get("next").asLong()).isEqualTo(now);
    }

    @Test
    void badNamesPositionsAndWaitsAreRefusedNamingTheField() throws Exception {
        long end = json(node.get("/v1/buses/shop")).get("endPosition").asLong();
        assertField(node.get("/v1/buses/shop/categories/no%20spaces/events"), "category");
        assertField(node.get("/v1/buses/shop/types/" + "t".repeat(300) + "/events"), "type");
        assertField(node.get("/v1/buses/shop/categories/order/events?from=" + (end + 5)), "from");
        assertField(node.get("/v1/buses/shop/categories/order/events?wait=61"), "wait");
        assertField(node.get("/v1/buses/shop/categories/order/events?wait=5&direction=backward"), "wait");
        assertField(node.get("/v1/buses/shop/categories/order/follow?from=" + (end + 5)), "from");
    }

    @Test
    void aBusChoosesItsCategorySeparatorAtCreation() throws Exception {
        HttpResponse<String> created = node.post("/v1/buses", "application/json",
                "{\"name\":\"billing\",\"categorySeparator\":\"::\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("categorySeparator").asText()).isEqualTo("::");
        append("billing", "account::7", "x", "billed");
        append("billing", "account-7", "y", "billed");
        assertThat(ids(json(node.get("/v1/buses/billing/categories/account/events")))).containsExactly("x");
        assertField(node.post("/v1/buses", "application/json", "{\"name\":\"b2\",\"categorySeparator\":\"\"}"),
                "categorySeparator");
        assertField(node.post("/v1/buses", "application/json",
                "{\"name\":\"b3\",\"categorySeparator\":\"123456789\"}"), "categorySeparator");
        assertField(node.post("/v1/buses", "application/json", "{\"name\":\"b4\",\"categorySeparator\":7}"),
                "categorySeparator");
    }

    @Test
    void aFilterKeepsOnlyTheEventsItHoldsForAndTheCheckpointMovesPastTheOthers() throws Exception {
        append("shop", "rebate-1", "r-0", "rebate.asked");
        append("shop", "rebate-2", "r-1", "rebate.paid");
        long end = json(node.get("/v1/buses/shop")).get("endPosition").asLong();
        JsonNode paid = json(node.get("/v1/buses/shop/categories/rebate/events?filter="
                + java.net.URLEncoder.encode("type = 'rebate.paid'", java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(ids(paid)).containsExactly("r-1");
        assertThat(paid.get("next").asLong()).isEqualTo(end);
        JsonNode none = json(node.get("/v1/buses/shop/all/events?filter=false&from=0"));
        assertThat(none.get("events")).isEmpty();
        assertField(node.get("/v1/buses/shop/all/events?filter=type%20%3D"), "filter");
        assertField(node.get("/v1/buses/shop/categories/rebate/follow?filter=%28%28"), "filter");
    }
}
