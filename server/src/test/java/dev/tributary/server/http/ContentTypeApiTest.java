package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Routes that take a JSON body take only JSON content types: the types a web page may send cross-site without a CORS
 * preflight ({@code text/plain}, forms) are answered 415 and change nothing.
 */
class ContentTypeApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.createBus("types", 1);
        assertThat(node.post("/v1/subscriptions", "application/json",
                "{\"id\":\"types-sub\",\"bus\":\"types\",\"sink\":\"https://example.com/hook\"}").statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        return node.send(request.build());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POST | /v1/buses | {\"name\":\"cross\"}",
        "POST | /v1/subscriptions | {\"id\":\"cross\",\"bus\":\"types\",\"sink\":\"https://example.com/x\"}",
        "PUT | /v1/subscriptions/types-sub | {\"bus\":\"types\",\"sink\":\"https://example.com/changed\"}",
        "POST | /v1/subscriptions/types-sub/pause | {\"reason\":\"cross-site\"}",
        "POST | /v1/subscriptions/types-sub/reset | {\"position\":\"earliest\"}",
        "POST | /v1/subscriptions/types-sub/redrive | {}",
    })
    void refusesNonJsonContentTypesWith415(String method, String path, String body) throws Exception {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
            "application/json; charset=utf-16", "application/jsonx"}) {
            HttpResponse<String> answer = send(method, path, type, body);
            assertThat(answer.statusCode()).as(type + " " + answer.body()).isEqualTo(415);
            assertThat(answer.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(answer.body()).path("field").asText()).isEqualTo("content-type");
        }
        assertThat(send(method, path, null, body).statusCode()).isEqualTo(415);
        assertThat(node.get("/v1/buses/cross").statusCode()).isEqualTo(404);
        assertThat(node.get("/v1/subscriptions/cross").statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(node.get("/v1/subscriptions/types-sub").body()).path("state").asText())
                .isEqualTo("active");
    }

    @Test
    void acceptsJsonAndJsonSuffixTypes() {
        assertThat(send("POST", "/v1/buses", "application/json; charset=UTF-8", "{\"name\":\"plain-json\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(send("POST", "/v1/buses", "application/vnd.tributary+json", "{\"name\":\"suffix-json\"}")
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void letsOptionalBodiesBeAbsent() {
        assertThat(send("POST", "/v1/subscriptions/types-sub/pause", null, "").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/v1/subscriptions/types-sub/resume", null, "").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/v1/subscriptions/types-sub/redrive", null, "").statusCode()).isEqualTo(200);
    }
}
