package dev.tributary.server.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.server.Node;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.auth.AdminKeyFile;
import dev.tributary.server.grpc.v1.PublishServiceGrpc;
import dev.tributary.server.grpc.v1.ReadServiceGrpc;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A real node on ephemeral ports (HTTP and gRPC) over a temporary data directory, with gRPC stubs that carry the node's
 * first admin key and a small HTTP client for setting up buses and keys.
 */
final class GrpcTestNode implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Node node;
    final String adminToken;
    final ManagedChannel channel;
    final HttpClient http = HttpClient.newHttpClient();

    GrpcTestNode(Path dataDir) {
        this(NodeConfig.defaults().withPort(0).withDataDir(dataDir));
    }

    GrpcTestNode(NodeConfig config) {
        this(config, InsecureChannelCredentials.create());
    }

    GrpcTestNode(NodeConfig config, ChannelCredentials credentials) {
        this.node = Node.start(config);
        this.adminToken = AdminKeyFile.read(node.dataDir()).orElse("");
        this.channel = Grpc.newChannelBuilderForAddress("localhost", node.grpcPort(), credentials).build();
    }

    PublishServiceGrpc.PublishServiceBlockingStub publisher() {
        return PublishServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(adminToken));
    }

    PublishServiceGrpc.PublishServiceStub asyncPublisher() {
        return PublishServiceGrpc.newStub(channel).withCallCredentials(bearer(adminToken));
    }

    ReadServiceGrpc.ReadServiceBlockingStub reader() {
        return ReadServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(adminToken));
    }

    ReadServiceGrpc.ReadServiceStub asyncReader() {
        return ReadServiceGrpc.newStub(channel).withCallCredentials(bearer(adminToken));
    }

    /** Sends {@code authorization} exactly as given (null: none). */
    static CallCredentials authorization(String value) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                if (value != null) {
                    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), value);
                }
                applier.apply(headers);
            }
        };
    }

    static CallCredentials bearer(String token) {
        return authorization("Bearer " + token);
    }

    HttpResponse<String> http(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        if (!adminToken.isEmpty()) {
            request.header("authorization", "Bearer " + adminToken);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a one-partition bus over HTTPS, trusting {@code ca}. */
    void createBusOverHttps(java.security.cert.X509Certificate ca, String name) throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, dev.tributary.server.tls.TestCertificates.trusting(ca), null);
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(context).build().send(HttpRequest
                        .newBuilder(URI.create("https://localhost:" + node.port() + "/v1/buses"))
                        .header("content-type", "application/json")
                        .header("authorization", "Bearer " + adminToken)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"partitions\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new AssertionError("create bus " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    void createBus(String name, int partitions) {
        HttpResponse<String> response = http("POST", "/v1/buses", "application/json",
                "{\"name\":\"" + name + "\",\"partitions\":" + partitions + "}");
        if (response.statusCode() != 201) {
            throw new AssertionError("create bus " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** Makes a key with these scopes and answers its token. */
    String createKey(String name, String... scopes) {
        StringBuilder list = new StringBuilder();
        for (String scope : scopes) {
            list.append(list.length() == 0 ? "" : ",").append('"').append(scope).append('"');
        }
        HttpResponse<String> response = http("POST", "/v1/keys", "application/json",
                "{\"name\":\"" + name + "\",\"scopes\":[" + list + "]}");
        if (response.statusCode() != 201) {
            throw new AssertionError("create key " + name + ": " + response.statusCode() + " " + response.body());
        }
        return json(response.body()).path("token").asText();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rich status of a failed call (google.rpc.Status with its details). */
    static com.google.rpc.Status details(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        return status != null ? status
                : com.google.rpc.Status.newBuilder().setCode(e.getStatus().getCode().value())
                        .setMessage(String.valueOf(e.getStatus().getDescription())).build();
    }

    static Status.Code code(Throwable e) {
        return Status.fromThrowable(e).getCode();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        node.close();
    }
}
