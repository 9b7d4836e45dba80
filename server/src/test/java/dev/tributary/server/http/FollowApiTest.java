package dev.tributary.server.http;

import static dev.tributary.server.http.BusApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowApiTest {
    static final String STRUCTURED = "application/cloudevents+json";

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("live", 2);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Reads SSE messages (id + data lines) on a background thread into a list. */
    static List<String[]> follow(String path, String lastEventId) throws Exception {
        return follow(path, lastEventId, new CopyOnWriteArrayList<>());
    }

    /** The same; {@code caughtUp} gets the id of each {@code caught-up} message, which the list leaves out. */
    static List<String[]> follow(String path, String lastEventId, List<String> caughtUp) throws Exception {
        HttpRequest.Builder request = node.request(path).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = node.client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String[]> messages = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null;
                String type = null;
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        type = line.substring(7);
                    } else if (line.startsWith("data: ") && "caught-up".equals(type)) {
                        caughtUp.add(id);
                    } else if (line.startsWith("data: ")) {
                        messages.add(new String[] {id, line.substring(6)});
                    } else if (line.isEmpty()) {
                        type = null;
                    }
                }
            } catch (Exception ignored) {
                // the connection closes when the node stops
            }
        });
        reader.setDaemon(true);
        reader.start();
        return messages;
    }

    @Test
    void followsTheGlobalOrderFromAPositionSaysWhenItCaughtUpAndResumes() throws Exception {
        node.createBus("ordered", 3);
        for (int i = 0; i < 5; i++) {
            node.post("/v1/buses/ordered/events", STRUCTURED, TestNode.event("o-" + i));
        }
        List<String> caughtUp = new CopyOnWriteArrayList<>();
        List<String[]> messages = follow("/v1/buses/ordered/all/follow?from=2", null, caughtUp);
        await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp.size() == 1);
        assertThat(messages).extracting(m -> m[0]).containsExactly("3", "4", "5");
        assertThat(messages.get(0)[1]).contains("\"position\":2").contains("\"id\":\"o-2\"");
        assertThat(caughtUp).containsExactly("5");
        node.post("/v1/buses/ordered/events", STRUCTURED, TestNode.event("o-5"));
        await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 4);
        assertThat(messages.get(3)[1]).contains("\"position\":5");

        List<String[]> resumed = follow("/v1/buses/ordered/all/follow", "4");
        await().atMost(Duration.ofSeconds(10)).until(() -> resumed.size() == 2);
        assertThat(resumed).extracting(m -> m[0]).containsExactly("5", "6");
        HttpResponse<String> beyond = node.get("/v1/buses/ordered/all/follow?from=99");
        assertThat(beyond.statusCode()).as(beyond.body()).isEqualTo(400);
        assertThat(json(beyond).get("field").asText()).isEqualTo("from");
    }

    @Test
    void followsAPartitionLiveAndResumesWithLastEventId() throws Exception {
        String event = TestNode.event("f-1").replace("{\"specversion\"", "{\"partitionkey\":\"k\",\"specversion\"");
        int partition = json(node.post("/v1/buses/live/events", STRUCTURED, event)).get("results").get(0).get("partition").asInt();
        List<String[]> messages = follow("/v1/buses/live/partitions/" + partition + "/follow?from=earliest", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 1);
        node.post("/v1/buses/live/events", STRUCTURED, event.replace("f-1", "f-2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 2);
        assertThat(messages.get(1)[1]).contains("\"id\":\"f-2\"");

        List<String[]> resumed = follow("/v1/buses/live/partitions/" + partition + "/follow", messages.get(0)[0]);
        await().atMost(Duration.ofSeconds(10)).until(() -> resumed.size() == 1);
        assertThat(resumed.get(0)[1]).contains("\"id\":\"f-2\"");
    }

    @Test
    void followsAStreamAndAWholeBus() throws Exception {
        List<String[]> stream = follow("/v1/buses/live/streams/order-9/follow", null);
        List<String[]> bus = follow("/v1/buses/live/follow?from=latest", null);
        node.post("/v1/buses/live/streams/order-9/events", STRUCTURED, TestNode.event("o9-0"));
        node.post("/v1/buses/live/events", STRUCTURED, TestNode.event("other"));
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.size() == 1 && bus.size() == 2);
        assertThat(stream.get(0)[0]).isEqualTo("1");
        assertThat(stream.get(0)[1]).contains("\"version\":0");
        assertThat(bus.get(1)[0]).contains(",");
    }

    @Test
    void readsAPartitionFromATimestamp() throws Exception {
        String event = TestNode.event("t-1").replace("{\"specversion\"", "{\"partitionkey\":\"tk\",\"specversion\"");
        int partition = json(node.post("/v1/buses/live/events", STRUCTURED, event)).get("results").get(0).get("partition").asInt();
        Instant after = Instant.now().plusSeconds(3600);
        assertThat(json(node.get("/v1/buses/live/partitions/" + partition + "/events?fromTime=" + after)).get("events")).isEmpty();
        Instant before = Instant.now().minusSeconds(3600);
        assertThat(json(node.get("/v1/buses/live/partitions/" + partition + "/events?fromTime=" + before)).get("events"))
                .isNotEmpty();
    }
}
