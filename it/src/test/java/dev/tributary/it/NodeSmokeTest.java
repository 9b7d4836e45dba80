package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real node process, end to end: health, creating a bus, publishing in all three content modes, reading each
 * event back at the position it was acknowledged at, a stream append with expected versions, an SSE follower that
 * receives what was published, and a clean stop on SIGTERM.
 */
class NodeSmokeTest {
    private static final String BUS = "smoke";

    @TempDir
    Path data;

    private NodeProcess node;

    @AfterEach
    void killLeftovers() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void servesPublishesReadsFollowsAndStopsCleanly() throws Exception {
        node = NodeProcess.start(data, "smoke");
        assertThat(Http.status(node.uri("/health/live"))).isEqualTo(200);
        assertThat(Http.status(node.uri("/health/ready"))).isEqualTo(200);

        Http.Answer created = Http.post(node.uri("/v1/buses"), "application/json",
                "{\"name\":\"" + BUS + "\",\"partitions\":2}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Http.Answer bus = Http.get(node.uri("/v1/buses/" + BUS));
        assertThat(bus.status()).isEqualTo(200);
        assertThat(bus.json().path("partitions").asInt()).isEqualTo(2);

        List<String> followed = follow("/v1/buses/" + BUS + "/follow?from=earliest");

        Random random = new Random(42);
        ObjectNode binary = TestEvents.event("/it/smoke", "binary-1", "it.smoke", random);
        Http.Answer published = Http.post(node.uri("/v1/buses/" + BUS + "/events"), TestEvents.binaryHeaders(binary),
                TestEvents.binaryBody(binary));
        assertThat(published.status()).as(published.text()).isEqualTo(200);
        assertStoredAt(binary, published.json().path("results").path(0));

        ObjectNode structured = TestEvents.event("/it/smoke", "structured-1", "it.smoke", random);
        published = Http.post(node.uri("/v1/buses/" + BUS + "/events"), "application/cloudevents+json",
                structured.toString());
        assertThat(published.status()).as(published.text()).isEqualTo(200);
        assertStoredAt(structured, published.json().path("results").path(0));

        ArrayNode batch = Http.JSON.createArrayNode()
                .add(TestEvents.event("/it/smoke", "batch-1", "it.smoke", random))
                .add(TestEvents.event("/it/smoke", "batch-2", "it.smoke", random));
        published = Http.post(node.uri("/v1/buses/" + BUS + "/events"), "application/cloudevents-batch+json",
                batch.toString());
        assertThat(published.status()).as(published.text()).isEqualTo(200);
        assertThat(published.json().path("results")).hasSize(2);
        assertStoredAt(batch.get(0), published.json().path("results").path(0));
        assertStoredAt(batch.get(1), published.json().path("results").path(1));

        ObjectNode order = TestEvents.event("/it/smoke", "order-1-created", "it.smoke.order", random);
        Http.Answer appended = Http.post(
                node.uri("/v1/buses/" + BUS + "/streams/order-1/events?expectedVersion=no_stream"),
                "application/cloudevents+json", order.toString());
        assertThat(appended.status()).as(appended.text()).isEqualTo(200);
        assertThat(appended.json().path("currentVersion").asLong()).isZero();
        Http.Answer conflict = Http.post(
                node.uri("/v1/buses/" + BUS + "/streams/order-1/events?expectedVersion=no_stream"),
                "application/cloudevents+json",
                TestEvents.event("/it/smoke", "order-1-again", "it.smoke.order", random).toString());
        assertThat(conflict.status()).as(conflict.text()).isEqualTo(409);
        Http.Answer stream = Http.get(node.uri("/v1/buses/" + BUS + "/streams/order-1/events?from=0"));
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.json().path("events")).hasSize(1);
        assertThat(stream.json().path("events").path(0).path("event")).isEqualTo(order);

        await("the SSE follower receives the published events")
                .atMost(Duration.ofSeconds(20))
                .until(() -> followed.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"binary-1\""))
                        && followed.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"batch-2\"")));
        assertThat(followed).anyMatch(l -> l.startsWith("event:") && l.contains("cloudevent"));
        assertThat(followed).anyMatch(l -> l.startsWith("id:"));

        assertThat(node.stop()).as("exit code after SIGTERM").isIn(0, 143);
        node = null;
    }

    private void assertStoredAt(JsonNode event, JsonNode result) throws Exception {
        int partition = result.path("partition").asInt(-1);
        long offset = result.path("offset").asLong(-1);
        assertThat(partition).as("partition of " + result).isBetween(0, 1);
        assertThat(offset).as("offset of " + result).isNotNegative();
        Http.Answer read = Http.get(node.uri(
                "/v1/buses/" + BUS + "/partitions/" + partition + "/events?from=" + offset + "&limit=1"));
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        JsonNode envelope = read.json().path("events").path(0);
        assertThat(envelope.path("offset").asLong()).isEqualTo(offset);
        assertThat(envelope.path("event")).isEqualTo(event);
    }

    /** Opens an SSE connection; the returned list fills with its lines as they arrive. */
    private List<String> follow(String pathAndQuery) {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient sse = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response = sse.sendAsync(
                Http.authorized(HttpRequest.newBuilder(node.uri(pathAndQuery)), node.uri("/"))
                        .header("accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            try {
                response.join().body().forEach(lines::add);
            } catch (RuntimeException e) {
                lines.add("! " + e);
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
