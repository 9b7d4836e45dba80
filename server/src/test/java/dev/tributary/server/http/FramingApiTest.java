package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests whose HTTP/1.1 framing is broken get a 400 problem and a closed connection, never a success. */
class FramingApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("chunks", 1);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String chunked(String method, String path, String contentType, String chunkSize, String data) {
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkSize + "\r\n" + data + "\r\n0\r\n\r\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "-5", "ffffffffffffffffff"})
    void refusesMalformedChunkSizeWith400AndCloses(String chunkSize) throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(node.node.port(), chunked("POST", "/v1/buses/chunks/events",
                "application/cloudevents+json", chunkSize, TestNode.event("c-" + chunkSize)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
        assertThat(JSON.readTree(answer.body()).path("field").asText()).isEqualTo("body");
        assertThat(answer.closed()).isTrue();
        assertThat(node.get("/v1/buses/chunks").body()).contains("\"endOffset\":0");
    }

    @Test
    void refusesMalformedChunkSizeOnRoutesThatReadNoBody() {
        node.post("/v1/subscriptions", "application/json",
                "{\"id\":\"framed\",\"bus\":\"chunks\",\"sink\":\"https://example.com/hook\"}");

        RawHttp.Answer answer = RawHttp.exchange(node.node.port(),
                chunked("POST", "/v1/subscriptions/framed/resume", "application/json", "zz", "{}"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.closed()).isTrue();
    }

    @Test
    void refusesMalformedChunkSizeOnJsonRoutesWithoutCreatingAnything() {
        RawHttp.Answer answer = RawHttp.exchange(node.node.port(),
                chunked("POST", "/v1/buses", "application/json", "-5", "{\"name\":\"never\"}"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.closed()).isTrue();
        assertThat(node.get("/v1/buses/never").statusCode()).isEqualTo(404);
    }

    @Test
    void answersAnInvalidContentLengthWith400Problem() {
        RawHttp.Answer answer = RawHttp.exchange(node.node.port(),
                "POST /v1/buses HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: ten\r\n\r\n{}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
        assertThat(answer.closed()).isTrue();
    }

    @Test
    void answersATooLongRequestLineWith414Problem() {
        String path = "/v1/buses/" + "a".repeat(HttpLimits.defaults().maxRequestLineBytes());
        RawHttp.Answer answer = RawHttp.exchange(node.node.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer.status()).isEqualTo(414);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
        assertThat(answer.closed()).isTrue();
    }

    @Test
    void answersTooLargeHeadersWith431Problem() {
        String big = "x-big: " + "b".repeat(HttpLimits.defaults().maxHeaderBytes()) + "\r\n";
        RawHttp.Answer answer =
                RawHttp.exchange(node.node.port(), "GET /v1/buses HTTP/1.1\r\nHost: x\r\n" + big + "\r\n");

        assertThat(answer.status()).isEqualTo(431);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
        assertThat(answer.closed()).isTrue();
    }

    @Test
    void closesTheConnectionAfterAnOversizedBody() {
        int tooMany = dev.tributary.server.NodeConfig.defaults().maxBatchBytes() + 1;
        RawHttp.Answer answer = RawHttp.exchange(node.node.port(),
                "POST /v1/buses/chunks/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/cloudevents+json\r\n"
                        + "Content-Length: " + tooMany + "\r\n\r\n{");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
        assertThat(answer.closed()).isTrue();
    }
}
