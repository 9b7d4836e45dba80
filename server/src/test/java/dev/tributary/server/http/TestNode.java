package dev.tributary.server.http;

import dev.tributary.server.Node;
import dev.tributary.server.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** A real node on an ephemeral port over a temporary data directory, with a small HTTP client for tests. */
final class TestNode implements AutoCloseable {
    final Node node;
    final HttpClient client = HttpClient.newHttpClient();

    TestNode(Path dataDir) {
        this(NodeConfig.defaults().withPort(0).withDataDir(dataDir));
    }

    TestNode(NodeConfig config) {
        this.node = Node.start(config);
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
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        node.close();
    }
}
