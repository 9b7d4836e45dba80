package dev.tributary.server.http;

import dev.tributary.server.Node;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.auth.AdminKeyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real node on an ephemeral port over a temporary data directory, with a small HTTP client for tests. Auth is on, as
 * by default: every request carries the node's first admin key unless it sets an {@code Authorization} of its own.
 */
final class TestNode implements AutoCloseable {
    final Node node;
    final HttpClient client = HttpClient.newHttpClient();
    /** The node's first admin key, empty when auth is off. */
    final String adminToken;

    TestNode(Path dataDir) {
        this(NodeConfig.defaults().withPort(0).withDataDir(dataDir));
    }

    TestNode(NodeConfig config) {
        this.node = Node.start(config);
        this.adminToken = AdminKeyFile.read(node.dataDir()).orElse("");
        if (!adminToken.isEmpty()) {
            RawHttp.TOKENS.put(node.port(), adminToken);
        }
    }

    /** A request to {@code path} with the admin key. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        return adminToken.isEmpty() ? request : request.header("authorization", "Bearer " + adminToken);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.port() + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> get(String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).header("accept", accept).GET().build());
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    HttpResponse<String> put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        return sendAs(request.headers().firstValue("authorization").isPresent() ? request : withToken(request));
    }

    /** Sends the request with no credential added. */
    HttpResponse<String> sendAs(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest withToken(HttpRequest request) {
        if (adminToken.isEmpty()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true)
                .header("authorization", "Bearer " + adminToken)
                .build();
    }

    /** Creates a bus and checks it was created. */
    void createBus(String name, int partitions) {
        HttpResponse<String> response =
                post("/v1/buses", "application/json", "{\"name\":\"" + name + "\",\"partitions\":" + partitions + "}");
        if (response.statusCode() != 201) {
            throw new AssertionError("create bus " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    static String event(String id) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/test\",\"type\":\"test.created\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"n\":\"" + id + "\"}}";
    }

    @Override
    public void close() {
        RawHttp.TOKENS.remove(node.port());
        node.close();
    }
}
