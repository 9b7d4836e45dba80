package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Client input the parsers cannot take is a 4xx problem naming the field, never a 500. */
class BadInputApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAR_FUTURE = "+999999999-12-31T23:59:59Z";

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("inputs", 1);
        assertThat(node.post("/v1/subscriptions", "application/json",
                "{\"id\":\"inputs-sub\",\"bus\":\"inputs\",\"sink\":\"https://example.com/hook\"}").statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RawHttp.Answer send(String method, String target, String contentType, byte[] body) {
        byte[] head = (method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                        + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return RawHttp.exchange(node.node.port(), request, java.time.Duration.ofSeconds(10));
    }

    private static void assertProblem(RawHttp.Answer answer, int status, String field) throws Exception {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("field").asText()).as(answer.body()).isEqualTo(field);
    }

    @ParameterizedTest
    @CsvSource({
        "POST, /v1/buses, application/json",
        "POST, /v1/buses/inputs/events, application/cloudevents+json",
        "POST, /v1/buses/inputs/events, application/cloudevents-batch+json",
        "POST, /v1/buses/inputs/streams/s-1/events, application/cloudevents+json",
        "POST, /v1/buses/inputs/streams/s-1/events, application/cloudevents-batch+json",
        "POST, /v1/subscriptions, application/json",
        "PUT, /v1/subscriptions/inputs-sub, application/json",
        "POST, /v1/subscriptions/inputs-sub/pause, application/json",
        "POST, /v1/subscriptions/inputs-sub/reset, application/json",
        "POST, /v1/subscriptions/inputs-sub/redrive, application/json",
    })
    void refusesJsonBodiesStartingWithNulBytes(String method, String path, String contentType) throws Exception {
        byte[] nul = "\u0000\u0000\u0000{\"name\":\"nul\"}".getBytes(StandardCharsets.UTF_8);
        assertProblem(send(method, path, contentType, nul), 400, "body");
        byte[] utf16 = "{\u0000}\u0000".getBytes(StandardCharsets.UTF_8);
        assertProblem(send(method, path, contentType, utf16), 400, "body");
        byte[] bom = {(byte) 0xfe, (byte) 0xff, 0, '{', 0, '}'};
        assertProblem(send(method, path, contentType, bom), 400, "body");
    }

    @Test
    void refusesExpandedYearsInFromTime() throws Exception {
        assertProblem(send("GET", "/v1/buses/inputs/partitions/0/events?fromTime=%2B999999999-12-31T23:59:59Z",
                null, new byte[0]), 400, "fromTime");
        assertProblem(send("GET", "/v1/buses/inputs/partitions/0/events?fromTime=-999999999-01-01T00:00:00Z",
                null, new byte[0]), 400, "fromTime");
    }

    @Test
    void refusesExpandedYearsInStartPositions() throws Exception {
        byte[] reset = ("{\"position\":\"" + FAR_FUTURE + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(send("POST", "/v1/subscriptions/inputs-sub/reset", "application/json", reset), 400, "position");
        byte[] create = ("{\"id\":\"far\",\"bus\":\"inputs\",\"sink\":\"https://example.com/hook\",\"startAt\":\""
                        + FAR_FUTURE + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertProblem(send("POST", "/v1/subscriptions", "application/json", create), 400, "startAt");
        assertThat(node.get("/v1/subscriptions/far").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /v1/subscriptions?bus=%zz, bus",
        "GET, /v1/buses/inputs/partitions/0/events?from=%zz, from",
        "GET, /v1/buses/inputs/partitions/0/events?limit=1&fromTime=%e0%80, fromTime",
        "GET, /v1/buses/inputs/streams/s-1/events?direction=%2, direction",
        "GET, /v1/buses/inputs/follow?from=%zz, from",
        "GET, /v1/buses/inputs/partitions/0/follow?from=%zz, from",
        "GET, /v1/buses/inputs/streams/s-1/follow?from=%, from",
        "POST, /v1/buses/inputs/streams/s-1/events?expectedVersion=%zz, expectedVersion",
        "GET, /v1/subscriptions/inputs-sub/attempts?source=%zz&eventId=1, source",
        "GET, /v1/subscriptions/inputs-sub/retries?after=%zz, after",
        "GET, /v1/subscriptions/inputs-sub/deliveries?source=x&eventId=%zz, eventId",
        "GET, /v1/subscriptions/inputs-sub/dead-letters?reason=%zz, reason",
        "GET, /v1/buses?%zz=1, %zz",
    })
    void refusesBadPercentEncodingInQueryParameters(String method, String target, String field) throws Exception {
        byte[] body = method.equals("POST") ? TestNode.event("q").getBytes(StandardCharsets.UTF_8) : new byte[0];
        assertProblem(send(method, target, method.equals("POST") ? "application/cloudevents+json" : null, body),
                400, field);
    }
}
