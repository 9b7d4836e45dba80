package dev.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A small JSON-over-HTTP client for the tests (java.net.http, HTTP/1.1). Thread-safe.
 */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** An answer: status and body (parsed when it is JSON, else {@code null}). */
    record Answer(int status, JsonNode json, String text) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /**
     * The first admin key of each node started by these tests, by port ({@link NodeProcess} fills it in): every
     * request to that port carries it unless it sets an Authorization of its own, as a configured client would.
     */
    static final Map<Integer, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    private Http() {}

    /** Adds the node's admin key to a request for {@code uri}, when the node has one. */
    static HttpRequest.Builder authorized(HttpRequest.Builder request, URI uri) {
        String token = TOKENS.get(uri.getPort());
        return token == null ? request : request.header("authorization", "Bearer " + token);
    }

    /** Reads the admin key a node wrote to its data directory on its first start, and uses it for its port. */
    static void useAdminKey(Path data, int port) throws IOException {
        Path file = data.resolve("admin.key");
        if (Files.exists(file)) {
            TOKENS.put(port, Files.readString(file).strip());
        }
    }

    /** The status of a GET, or -1 when nothing answers. */
    static int status(URI uri) {
        try {
            return CLIENT.send(authorized(HttpRequest.newBuilder(uri), uri).timeout(Duration.ofSeconds(2)).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static Answer get(URI uri) throws IOException, InterruptedException {
        return send(authorized(HttpRequest.newBuilder(uri), uri).timeout(TIMEOUT).header("accept", "application/json")
                .GET().build());
    }

    static Answer post(URI uri, String contentType, String body) throws IOException, InterruptedException {
        return post(uri, Map.of("content-type", contentType), body);
    }

    static Answer post(URI uri, Map<String, String> headers, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri), uri).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    private static Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        JsonNode json = null;
        String type = response.headers().firstValue("content-type").orElse("");
        if (type.contains("json") && !text.isEmpty()) {
            json = JSON.readTree(text);
        }
        return new Answer(response.statusCode(), json, text);
    }
}
