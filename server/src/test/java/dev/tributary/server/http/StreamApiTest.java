package dev.tributary.server.http;

import static dev.tributary.server.http.BusApiTest.assertField;
import static dev.tributary.server.http.BusApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamApiTest {
    static final String BATCH = "application/cloudevents-batch+json";

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("accounts", 2);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static HttpResponse<String> append(String stream, String expected, String... ids) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            body.append(i == 0 ? "" : ",").append(TestNode.event(ids[i]));
        }
        return node.post("/v1/buses/accounts/streams/" + stream + "/events?expectedVersion=" + expected, BATCH,
                body.append("]").toString());
    }

    @Test
    void appendsWithExpectedVersionsStartingAtZero() throws Exception {
        HttpResponse<String> first = append("acct-1", "no_stream", "a1-0", "a1-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).get("firstVersion").asLong()).isZero();
        assertThat(json(first).get("currentVersion").asLong()).isEqualTo(1);
        assertThat(json(first).get("results").get(1).get("version").asLong()).isEqualTo(1);

        HttpResponse<String> next = append("acct-1", "1", "a1-2");
        assertThat(json(next).get("currentVersion").asLong()).isEqualTo(2);
        assertThat(append("acct-1", "exists", "a1-3").statusCode()).isEqualTo(200);
        assertThat(append("acct-1", "any", "a1-4").statusCode()).isEqualTo(200);
    }

    @Test
    void answersConflictWithTheCurrentVersion() throws Exception {
        append("acct-2", "no_stream", "a2-0");
        HttpResponse<String> stale = append("acct-2", "5", "a2-x");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).get("currentVersion").asLong()).isZero();
        assertThat(json(stale).get("expectedVersion").asText()).isEqualTo("5");
        assertThat(append("acct-2", "no_stream", "a2-y").statusCode()).isEqualTo(409);
        assertThat(json(append("acct-none", "exists", "n-0")).get("currentVersion").asLong()).isEqualTo(-1);
    }

    @Test
    void returnsTheOriginalResultForARetriedAppend() throws Exception {
        JsonNode original = json(append("acct-3", "no_stream", "a3-0", "a3-1"));
        JsonNode retried = json(append("acct-3", "no_stream", "a3-0", "a3-1"));
        assertThat(retried.get("duplicate").asBoolean()).isTrue();
        assertThat(retried.get("results").get(1).get("offset")).isEqualTo(original.get("results").get(1).get("offset"));
        JsonNode read = json(node.get("/v1/buses/accounts/streams/acct-3/events"));
        assertThat(read.get("events")).hasSize(2);
    }

    @Test
    void readsAStreamForwardAndBackwardWithACursor() throws Exception {
        append("acct-4", "no_stream", "a4-0", "a4-1", "a4-2", "a4-3", "a4-4");
        JsonNode page = json(node.get("/v1/buses/accounts/streams/acct-4/events?from=1&limit=2"));
        assertThat(page.get("events").findValuesAsText("id")).containsExactly("a4-1", "a4-2");
        assertThat(page.get("events").get(0).get("version").asLong()).isEqualTo(1);
        assertThat(page.get("events").get(0).get("stream").asText()).isEqualTo("acct-4");
        assertThat(page.get("next").asLong()).isEqualTo(3);
        assertThat(page.get("currentVersion").asLong()).isEqualTo(4);

        JsonNode back = json(node.get("/v1/buses/accounts/streams/acct-4/events?direction=backward&limit=2"));
        assertThat(back.get("events").findValuesAsText("id")).containsExactly("a4-4", "a4-3");
        assertThat(back.get("next").asLong()).isEqualTo(2);

        HttpResponse<String> ndjson =
                node.get("/v1/buses/accounts/streams/acct-4/events?from=3", "application/x-ndjson");
        assertThat(ndjson.headers().firstValue("content-type")).hasValue("application/x-ndjson");
        assertThat(ndjson.body().lines()).hasSize(2);
        assertThat(ndjson.headers().firstValue("Tributary-Next")).hasValue("5");
    }

    @Test
    void rejectsBadStreamIdsAndExpectedVersions() throws Exception {
        assertField(append("bad%20id", "any", "x"), "stream");
        assertField(append("acct-5", "-3", "x"), "expectedVersion");
        assertField(append("acct-5", "latest", "x"), "expectedVersion");
        assertField(node.get("/v1/buses/accounts/streams/acct-5/events?direction=sideways"), "direction");
        assertField(node.get("/v1/buses/accounts/streams/acct-5/events?limit=0"), "limit");
    }
}
