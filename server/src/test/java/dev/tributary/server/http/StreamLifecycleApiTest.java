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

/** {@code /v1/buses/{bus}/streams/{stream}/metadata} and {@code DELETE /v1/buses/{bus}/streams/{stream}}. */
class StreamLifecycleApiTest {
    static final String BATCH = "application/cloudevents-batch+json";

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("life", 2);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static HttpResponse<String> append(String stream, String... ids) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            body.append(i == 0 ? "" : ",").append(TestNode.event(ids[i]));
        }
        return node.post("/v1/buses/life/streams/" + stream + "/events", BATCH, body.append("]").toString());
    }

    static List<String> ids(String path) throws Exception {
        List<String> out = new ArrayList<>();
        json(node.get(path)).get("events").forEach(e -> out.add(e.get("event").get("id").asText()));
        return out;
    }

    @Test
    void metadataLimitsAreSetReadBackAndHideOldVersionsFromEveryRead() throws Exception {
        assertThat(append("quota-1", "a0", "a1", "a2", "a3").statusCode()).isEqualTo(200);
        HttpResponse<String> set = node.put("/v1/buses/life/streams/quota-1/metadata",
                "{\"maxCount\":2,\"maxAge\":\"P30D\",\"custom\":{\"owner\":\"ann\"}}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode state = json(set);
        assertThat(state.get("firstVersion").asLong()).isEqualTo(2);
        assertThat(state.get("metadata").get("custom").get("owner").asText()).isEqualTo("ann");
        assertThat(state.get("metadata").get("maxAge").asText()).isEqualTo("PT720H");
        assertThat(json(node.get("/v1/buses/life/streams/quota-1/metadata"))).isEqualTo(state);

        JsonNode page = json(node.get("/v1/buses/life/streams/quota-1/events"));
        assertThat(page.get("firstVersion").asLong()).isEqualTo(2);
        assertThat(ids("/v1/buses/life/streams/quota-1/events")).containsExactly("a2", "a3");
        assertThat(ids("/v1/buses/life/categories/quota/events")).containsExactly("a2", "a3");
        assertThat(ids("/v1/buses/life/all/events")).doesNotContain("a0", "a1");

        JsonNode none = json(node.get("/v1/buses/life/streams/acct-unknown/metadata"));
        assertThat(none.get("currentVersion").asLong()).isEqualTo(-1);
        assertThat(none.get("deleted").asBoolean()).isFalse();
    }

    @Test
    void aSoftDeleteHidesTheStreamAndAppendsGoOnWhileAHardDeleteRefusesThemFromThenOn() throws Exception {
        append("acct-2", "s0", "s1");
        HttpResponse<String> soft = node.delete("/v1/buses/life/streams/acct-2?expectedVersion=1");
        assertThat(soft.statusCode()).as(soft.body()).isEqualTo(200);
        assertThat(json(soft).get("firstVersion").asLong()).isEqualTo(2);
        assertThat(ids("/v1/buses/life/streams/acct-2/events")).isEmpty();
        assertThat(append("acct-2", "s2").statusCode()).isEqualTo(200);
        assertThat(ids("/v1/buses/life/streams/acct-2/events")).containsExactly("s2");

        HttpResponse<String> hard = node.delete("/v1/buses/life/streams/acct-2?mode=hard");
        assertThat(json(hard).get("deleted").asBoolean()).isTrue();
        HttpResponse<String> refused = append("acct-2", "s3");
        assertThat(refused.statusCode()).isEqualTo(410);
        assertThat(json(refused).get("type").asText()).endsWith("stream-deleted");
        assertThat(node.get("/v1/buses/life/streams/acct-2/events").statusCode()).isEqualTo(410);
        assertThat(node.put("/v1/buses/life/streams/acct-2/metadata", "{}").statusCode()).isEqualTo(410);
        assertThat(node.delete("/v1/buses/life/streams/acct-2?mode=hard").statusCode()).isEqualTo(410);
        assertThat(ids("/v1/buses/life/all/events")).doesNotContain("s0", "s1", "s2");
    }

    @Test
    void aDeleteWithAWrongVersionOrOfAnUnknownStreamIsRefusedAndChangesNothing() throws Exception {
        append("acct-3", "w0");
        HttpResponse<String> wrong = node.delete("/v1/buses/life/streams/acct-3?expectedVersion=5");
        assertThat(wrong.statusCode()).isEqualTo(409);
        assertThat(json(wrong).get("currentVersion").asLong()).isZero();
        HttpResponse<String> unknown = node.delete("/v1/buses/life/streams/acct-nothing");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("type").asText()).endsWith("stream-not-found");
        assertThat(ids("/v1/buses/life/streams/acct-3/events")).containsExactly("w0");
        assertField(node.delete("/v1/buses/life/streams/acct-3?mode=sometimes"), "mode");
        assertField(node.delete("/v1/buses/life/streams/acct-3?expectedVersion=soon"), "expectedVersion");
    }

    @Test
    void negativeOrAbsurdLimitsAndMalformedMetadataAreRefusedNamingTheField() throws Exception {
        String path = "/v1/buses/life/streams/acct-4/metadata";
        assertField(node.put(path, "{\"maxCount\":-5}"), "maxCount");
        assertField(node.put(path, "{\"maxCount\":0}"), "maxCount");
        assertField(node.put(path, "{\"maxCount\":99999999999999999}"), "maxCount");
        assertField(node.put(path, "{\"maxCount\":\"ten\"}"), "maxCount");
        assertField(node.put(path, "{\"maxAge\":\"P-1D\"}"), "maxAge");
        assertField(node.put(path, "{\"maxAge\":\"PT0S\"}"), "maxAge");
        assertField(node.put(path, "{\"maxAge\":\"P99999D\"}"), "maxAge");
        assertField(node.put(path, "{\"maxAge\":\"soon\"}"), "maxAge");
        assertField(node.put(path, "{\"truncateBefore\":-3}"), "truncateBefore");
        assertField(node.put(path, "{\"custom\":[1,2]}"), "custom");
        assertField(node.put(path, "{\"custom\":{\"k\":\"" + "x".repeat(20_000) + "\"}}"), "custom");
        assertField(node.put(path, "{\"maxcount\":5}"), "maxcount");
        assertField(node.put("/v1/buses/life/streams/bad%20id/metadata", "{}"), "stream");
        assertThat(json(node.get(path)).get("metadata")).isEmpty();
    }
}
