package dev.tributary.server.http;

import static dev.tributary.server.http.BusApiTest.assertField;
import static dev.tributary.server.http.BusApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/buses/{bus}/streams/{stream}/snapshot} and {@code …/load}. */
class SnapshotApiTest {
    static final String BATCH = "application/cloudevents-batch+json";

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("ledger", 2);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static void append(String stream, int n) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append(TestNode.event(stream + "-e" + i));
        }
        HttpResponse<String> r = node.post("/v1/buses/ledger/streams/" + stream + "/events", BATCH,
                body.append("]").toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static HttpResponse<String> save(String path, String contentType, String state) {
        return node.send(node.request(path).header("content-type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(state)).build());
    }

    @Test
    void aSnapshotIsStoredReadAsBytesAndLoadedWithTheEventsAfterIt() throws Exception {
        append("acct-1", 5);
        HttpResponse<String> saved = save("/v1/buses/ledger/streams/acct-1/snapshot?version=2&schemaVersion=3",
                "application/octet-stream", "balance=40");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(json(saved).get("version").asLong()).isEqualTo(2);
        assertThat(json(saved).get("bytes").asInt()).isEqualTo(10);

        HttpResponse<String> raw = node.get("/v1/buses/ledger/streams/acct-1/snapshot", "application/octet-stream");
        assertThat(raw.body()).isEqualTo("balance=40");
        assertThat(raw.headers().firstValue("Tributary-Snapshot-Version")).hasValue("2");
        assertThat(raw.headers().firstValue("Tributary-Snapshot-Schema-Version")).hasValue("3");

        JsonNode loaded = json(node.get("/v1/buses/ledger/streams/acct-1/load?limit=10"));
        assertThat(loaded.get("snapshot").get("version").asLong()).isEqualTo(2);
        assertThat(new String(Base64.getDecoder().decode(loaded.get("snapshot").get("state").asText()),
                StandardCharsets.UTF_8)).isEqualTo("balance=40");
        assertThat(loaded.get("events")).hasSize(2);
        assertThat(loaded.get("events").get(0).get("version").asLong()).isEqualTo(3);
        assertThat(loaded.get("currentVersion").asLong()).isEqualTo(4);

        assertThat(node.delete("/v1/buses/ledger/streams/acct-1/snapshot").statusCode()).isEqualTo(204);
        HttpResponse<String> gone = node.get("/v1/buses/ledger/streams/acct-1/snapshot");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).get("type").asText()).endsWith("snapshot-not-found");
        JsonNode whole = json(node.get("/v1/buses/ledger/streams/acct-1/load"));
        assertThat(whole.get("snapshot").isNull()).isTrue();
        assertThat(whole.get("events")).hasSize(5);
    }

    @Test
    void badSnapshotsAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
        append("acct-2", 2);
        String path = "/v1/buses/ledger/streams/acct-2/snapshot";
        assertField(save(path + "?version=9", "application/octet-stream", "x"), "version");
        assertField(save(path, "application/octet-stream", "x"), "version");
        assertField(save(path + "?version=-1", "application/octet-stream", "x"), "version");
        assertField(save(path + "?version=1&schemaVersion=-2", "application/octet-stream", "x"), "schemaVersion");
        assertThat(save(path + "?version=1", "text/plain", "x").statusCode()).isEqualTo(415);
        HttpResponse<String> unknown = save("/v1/buses/ledger/streams/acct-none/snapshot?version=0",
                "application/octet-stream", "x");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("type").asText()).endsWith("stream-not-found");
        assertThat(node.get(path).statusCode()).isEqualTo(404);
        assertThat(node.get("/v1/buses/ledger/streams/acct-none/load").statusCode()).isEqualTo(404);
    }
}
