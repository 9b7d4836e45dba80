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

/** A request path is matched as sent: dot-segments, encoded slashes and bad escapes are refused, not normalized. */
class RequestPathApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("decoy", 1);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/v1/buses/x/../decoy",
        "/v1/buses/x/%2e%2e/decoy",
        "/v1/buses/x/%2E%2E/decoy",
        "/v1/buses/x/.%2e/decoy",
        "/v1/buses/./decoy",
        "/v1/buses/%2e/decoy",
        "/v1/buses/x%2F..%2Fdecoy",
        "/v1/buses/x%2f..%2fdecoy",
        "/v1/buses/x%5C..%5Cdecoy",
        "/v1/buses//decoy",
        "/v1/buses/%zz",
        "/v1/buses/%c0%ae",
        "/v1/buses/de%00coy",
    })
    void refusesPathsTheRouterWouldReinterpretAndDeletesNothing(String path) throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(
                node.node.port(), "DELETE " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
        assertThat(JSON.readTree(answer.body()).path("field").asText()).isEqualTo("path");
        assertThat(node.get("/v1/buses/decoy").statusCode()).isEqualTo(200);
    }

    @Test
    void stillServesPlainPathsAndATrailingSlash() {
        assertThat(node.get("/v1/buses/decoy").statusCode()).isEqualTo(200);
        assertThat(node.get("/v1/buses/").statusCode()).isEqualTo(200);
        assertThat(node.get("/v1/buses/de%63oy").statusCode()).isEqualTo(200);
    }
}
