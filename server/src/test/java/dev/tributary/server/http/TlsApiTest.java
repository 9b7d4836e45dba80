package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.server.NodeConfig;
import dev.tributary.server.tls.TestCertificates;
import dev.tributary.server.tls.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from PEM files, reloaded when they change; mutual TLS with subjects mapped to scopes. */
class TlsApiTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsWithTls13AndTls12OnlyAndReloadsAChangedCertificateWithoutARestart() throws Exception {
        TestCertificates ca = new TestCertificates("test-ca");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        ca.server("first").write(cert, key);
        try (TestNode node = https(new TlsSettings(cert, key, Optional.empty(), false, Optional.empty()))) {
            HttpResponse<String> answer = get(node, TestCertificates.trustingOnly(ca.ca), "/v1/buses", node.adminToken);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(handshake(node, ca.ca, "TLSv1.2")).isEqualTo("TLSv1.2");
            assertThatThrownBy(() -> handshake(node, ca.ca, "TLSv1.1")).isInstanceOf(IOException.class);
            assertThat(subjectServed(node, ca.ca)).contains("CN=first");

            ca.server("second").write(cert, key);
            Files.setLastModifiedTime(cert, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(3)));

            await().atMost(Duration.ofSeconds(20)).until(() -> subjectServed(node, ca.ca).contains("CN=second"));
        }
    }

    @Test
    void aMappedClientCertificateIsACredentialAndAnUnmappedOneIsNot() throws Exception {
        TestCertificates ca = new TestCertificates("test-ca");
        Path cert = ca.server("node").write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        Path clientCa = ca.writeCa(dir.resolve("ca.pem"));
        Path scopes = dir.resolve("scopes.json");
        Files.writeString(scopes, "{\"CN=billing, O=Acme\": [\"read:*\"]}");
        try (TestNode node = https(new TlsSettings(cert, dir.resolve("key.pem"), Optional.of(clientCa), false,
                Optional.of(scopes)))) {
            SSLContext billing = ca.client("CN=billing,O=Acme").clientContext(ca.ca);
            SSLContext stranger = ca.client("CN=stranger").clientContext(ca.ca);

            assertThat(get(node, billing, "/v1/buses", null).statusCode()).isEqualTo(200);
            assertThat(get(node, billing, "/v1/keys", null).statusCode()).isEqualTo(403);
            assertThat(get(node, stranger, "/v1/buses", null).statusCode()).isEqualTo(401);
            assertThat(get(node, stranger, "/v1/buses", node.adminToken).statusCode())
                    .as("a key still works beside an unmapped certificate").isEqualTo(200);
            assertThat(get(node, TestCertificates.trustingOnly(ca.ca), "/v1/buses", null).statusCode())
                    .as("no certificate, no key").isEqualTo(401);
        }
    }

    @Test
    void requiredClientCertificatesRefuseAClientWithoutOneAtTheHandshake() throws Exception {
        TestCertificates ca = new TestCertificates("test-ca");
        Path cert = ca.server("node").write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        Path clientCa = ca.writeCa(dir.resolve("ca.pem"));
        try (TestNode node = https(new TlsSettings(cert, dir.resolve("key.pem"), Optional.of(clientCa), true,
                Optional.empty()))) {
            assertThatThrownBy(() -> get(node, TestCertificates.trustingOnly(ca.ca), "/health/live", null))
                    .isInstanceOf(IOException.class);
            SSLContext known = ca.client("CN=anyone").clientContext(ca.ca);
            assertThat(get(node, known, "/health/live", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesUnreadableFilesNamingTheSetting() {
        assertThatThrownBy(() -> new dev.tributary.server.tls.ServerTls(new TlsSettings(dir.resolve("none.pem"),
                dir.resolve("none.key"), Optional.empty(), false, Optional.empty())))
                .hasMessageContaining("tls-cert: cannot read");
        assertThatThrownBy(() -> TlsSettings.of("a.pem", null, null, null, null))
                .hasMessageContaining("tls-cert and tls-key must be given together");
        assertThatThrownBy(() -> TlsSettings.of("a.pem", "a.key", null, "required", null))
                .hasMessageContaining("tls-client-ca must be given");
        assertThatThrownBy(() -> TlsSettings.of("a.pem", "a.key", "ca.pem", "sometimes", null))
                .hasMessageContaining("tls-client-auth must be optional or required");
    }

    private TestNode https(TlsSettings tls) {
        return new TestNode(NodeConfig.defaults().withPort(0).withDataDir(dir.resolve("data")).withTls(tls));
    }

    private static HttpResponse<String> get(TestNode node, SSLContext tls, String path, String token)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.node.port() + path));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            client.shutdownNow();
        }
    }

    /** Handshakes offering only {@code protocol}; answers what was agreed. */
    private static String handshake(TestNode node, X509Certificate ca, String protocol) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, TestCertificates.trusting(ca), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", node.node.port())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {protocol});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private static String subjectServed(TestNode node, X509Certificate ca) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, TestCertificates.trusting(ca), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", node.node.port())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }
}
