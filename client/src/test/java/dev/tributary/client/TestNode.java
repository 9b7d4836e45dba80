package dev.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.server.Node;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.auth.AdminKeyFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * A real node, started in-process from the server's main classes on an ephemeral port over a temporary data
 * directory, with auth on as by default; and clients of it carrying its first admin key.
 */
final class TestNode implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Node node;
    /** The node's first admin key. */
    final String adminToken;
    private final String scheme;

    private TestNode(NodeConfig config) {
        this.node = Node.start(config);
        this.scheme = config.scheme();
        this.adminToken = AdminKeyFile.read(node.dataDir()).orElseThrow();
    }

    /** A plain-HTTP node. */
    static TestNode start(Path dataDir) {
        return start(NodeConfig.defaults().withDataDir(dataDir));
    }

    /** A node of {@code config}, on ephemeral HTTP and gRPC ports. */
    static TestNode start(NodeConfig config) {
        return new TestNode(config.withPort(0));
    }

    /** A node on {@code dataDir} at HTTP port {@code port} (a restart of one that ran there), gRPC off. */
    static TestNode restart(Path dataDir, int port) {
        return new TestNode(NodeConfig.defaults().withDataDir(dataDir).withPort(port).withGrpcPort(NodeConfig.GRPC_OFF));
    }

    String url() {
        return scheme + "://127.0.0.1:" + node.port();
    }

    /** A client with the admin key. */
    TributaryClient adminClient() {
        return TributaryClient.builder(url()).token(adminToken).build();
    }

    /**
     * Makes an API key through the node's own API (a plain-HTTP node's), answering its token.
     *
     * @param definition the key's JSON, such as {@code {"name":"ci","scopes":["read:*"]}}
     */
    String createKey(String definition) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/v1/keys"))
                .header("authorization", "Bearer " + adminToken)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(definition))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new AssertionError("creating key " + definition + ": " + answer.statusCode() + " " + answer.body());
            }
            JsonNode key = JSON.readTree(answer.body());
            return key.get("token").asText();
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
