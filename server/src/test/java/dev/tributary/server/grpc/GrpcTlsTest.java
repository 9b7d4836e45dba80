package dev.tributary.server.grpc;

import static dev.tributary.server.grpc.ProtoFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.tributary.server.NodeConfig;
import dev.tributary.server.grpc.v1.PublishRequest;
import dev.tributary.server.grpc.v1.PublishServiceGrpc;
import dev.tributary.server.grpc.v1.ReadPartitionRequest;
import dev.tributary.server.grpc.v1.ReadServiceGrpc;
import dev.tributary.server.tls.TestCertificates;
import dev.tributary.server.tls.TlsSettings;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gRPC over the HTTPS settings: the same PEM files and protocols, reloaded on change; client certificates. */
class GrpcTlsTest {
    @TempDir
    Path dir;

    @Test
    void servesTls13AndTls12OnlyAndReloadsAChangedCertificateWithoutARestart() throws Exception {
        TestCertificates ca = new TestCertificates("test-ca");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        ca.server("first").write(cert, key);
        TlsSettings tls = new TlsSettings(cert, key, Optional.empty(), false, Optional.empty());
        try (GrpcTestNode node = node(tls, TlsChannelCredentials.newBuilder().trustManager(
                TestCertificates.trusting(ca.ca)).build())) {
            node.createBusOverHttps(ca.ca, "orders");
            assertThat(node.publisher().publish(PublishRequest.newBuilder().setBus("orders").setEvent(event("e"))
                    .build()).getPosition().getOffset()).isZero();
            assertThat(handshake(node, ca.ca, "TLSv1.3")).isEqualTo("TLSv1.3");
            assertThat(handshake(node, ca.ca, "TLSv1.2")).isEqualTo("TLSv1.2");
            assertThatThrownBy(() -> handshake(node, ca.ca, "TLSv1.1")).isInstanceOf(IOException.class);
            assertThat(subjectServed(node, ca.ca)).contains("CN=first");

            ca.server("second").write(cert, key);
            Files.setLastModifiedTime(cert, FileTime.from(Instant.now().plusSeconds(3)));

            await().atMost(Duration.ofSeconds(20)).until(() -> subjectServed(node, ca.ca).contains("CN=second"));
            assertThat(node.publisher().publish(PublishRequest.newBuilder().setBus("orders").setEvent(event("e2"))
                    .build()).getPosition().getOffset()).as("the open channel still works").isOne();
        }
    }

    @Test
    void aMappedClientCertificateIsACredentialAndAnUnmappedOneIsNot() throws Exception {
        TestCertificates ca = new TestCertificates("test-ca");
        Path cert = ca.server("node").write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        Path clientCa = ca.writeCa(dir.resolve("ca.pem"));
        Path scopes = dir.resolve("scopes.json");
        Files.writeString(scopes, "{\"CN=billing, O=Acme\": [\"read:*\"]}");
        TlsSettings tls = new TlsSettings(cert, dir.resolve("key.pem"), Optional.of(clientCa), false,
                Optional.of(scopes));
        try (GrpcTestNode node = node(tls, client(ca, "CN=billing,O=Acme"))) {
            node.createBusOverHttps(ca.ca, "orders");
            ReadPartitionRequest read = ReadPartitionRequest.newBuilder().setBus("orders").build();

            assertThat(ReadServiceGrpc.newBlockingStub(node.channel).readPartition(read).getEventsCount()).isZero();
            StatusRuntimeException denied = catchThrowableOfType(StatusRuntimeException.class, () -> PublishServiceGrpc
                    .newBlockingStub(node.channel)
                    .publish(PublishRequest.newBuilder().setBus("orders").setEvent(event("e")).build()));
            assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);

            ManagedChannel stranger = Grpc.newChannelBuilderForAddress("localhost", node.node.grpcPort(),
                    client(ca, "CN=stranger")).build();
            try {
                StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class,
                        () -> ReadServiceGrpc.newBlockingStub(stranger).readPartition(read));
                assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(ReadServiceGrpc.newBlockingStub(stranger)
                        .withCallCredentials(GrpcTestNode.bearer(node.adminToken)).readPartition(read)
                        .getEventsCount()).as("a key still works beside an unmapped certificate").isZero();
            } finally {
                stranger.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private GrpcTestNode node(TlsSettings tls, ChannelCredentials credentials) {
        return new GrpcTestNode(NodeConfig.defaults().withPort(0).withDataDir(dir.resolve("data")).withTls(tls),
                credentials);
    }

    private static ChannelCredentials client(TestCertificates ca, String subject) throws Exception {
        TestCertificates.Issued issued = ca.client(subject);
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("me", issued.keys().getPrivate(), "x".toCharArray(),
                new X509Certificate[] {issued.certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, "x".toCharArray());
        return TlsChannelCredentials.newBuilder()
                .keyManager(keys.getKeyManagers())
                .trustManager(TestCertificates.trusting(ca.ca))
                .build();
    }

    /** The protocol of a TLS handshake with the gRPC port offering only {@code protocol}. */
    private static String handshake(GrpcTestNode node, X509Certificate ca, String protocol) throws Exception {
        try (SSLSocket socket = socket(node, ca)) {
            SSLParameters params = socket.getSSLParameters();
            params.setProtocols(new String[] {protocol});
            params.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(params);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private static String subjectServed(GrpcTestNode node, X509Certificate ca) throws Exception {
        try (SSLSocket socket = socket(node, ca)) {
            SSLParameters params = socket.getSSLParameters();
            params.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(params);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    private static SSLSocket socket(GrpcTestNode node, X509Certificate ca) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, TestCertificates.trusting(ca), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", node.node.grpcPort());
        socket.setSoTimeout(10_000);
        return socket;
    }
}
