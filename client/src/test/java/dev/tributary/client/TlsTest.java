package dev.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.server.NodeConfig;
import dev.tributary.server.tls.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS to a node whose certificate comes from a private CA, which also accepts client certificates of that CA and
 * maps {@code CN=reader} to {@code read:*}.
 */
class TlsTest {
    @TempDir
    static Path dir;

    static TestCa ca;
    static Path caFile;
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        ca = new TestCa("client-test-ca");
        caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        ca.issueServer(dir.resolve("node.pem"), dir.resolve("node.key"));
        Path scopes = Files.writeString(dir.resolve("scopes.json"), "{\"CN=reader\": [\"read:*\"]}");
        TlsSettings tls = new TlsSettings(dir.resolve("node.pem"), dir.resolve("node.key"), Optional.of(caFile), false,
                Optional.of(scopes));
        node = TestNode.start(NodeConfig.defaults().withDataDir(dir.resolve("data")).withTls(tls));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void speaksHttpsToANodeOfAPrivateCaGivenAsACaFile() {
        try (TributaryClient client = TributaryClient.builder(node.url()).token(node.adminToken).caFile(caFile)
                .build()) {
            client.createBus("secure", 1);

            Position position = client.publish("secure", PublishAndReadTest.event("s-1", "{\"n\":1}"));

            assertThat(client.readPartition("secure", 0, position.offset(), 1).events())
                    .extracting(e -> e.event().getId()).containsExactly("s-1");
        }
    }

    @Test
    void withoutTheCaTheHandshakeFailsAsATlsErrorNamingTheUrlAndTheRemedy() {
        try (TributaryClient client = TributaryClient.builder(node.url()).token(node.adminToken).build()) {
            assertThatThrownBy(client::listBuses).isInstanceOfSatisfying(TributaryConnectionException.class, e -> {
                assertThat(e.reason()).isEqualTo(TributaryConnectionException.Reason.TLS);
                assertThat(e.url()).hasToString(node.url() + "/v1/buses");
                assertThat(e).hasMessageContaining("TLS handshake with " + node.url() + " failed")
                        .hasMessageContaining("caFile");
            });
        }
    }

    @Test
    void aClientCertificateTheNodeMapsToScopesIsTheCredential() throws Exception {
        ca.issueClient("CN=reader", dir.resolve("reader.pem"), dir.resolve("reader.key"));
        try (TributaryClient withCertificate = TributaryClient.builder(node.url()).caFile(caFile)
                        .clientCertificate(dir.resolve("reader.pem"), dir.resolve("reader.key")).build();
                TributaryClient without = TributaryClient.builder(node.url()).caFile(caFile).build()) {
            assertThat(withCertificate.listBuses()).isNotNull();
            assertThatThrownBy(without::listBuses).isInstanceOfSatisfying(TributaryException.class,
                    e -> assertThat(e.kind()).isEqualTo(TributaryException.Kind.UNAUTHORIZED));
        }
    }

    @Test
    void tlsSettingsForAPlainHttpUrlAreRefused() {
        assertThatThrownBy(() -> TributaryClient.builder("http://127.0.0.1:1").caFile(caFile).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need an https:// url");
    }

    @Test
    void aCaFileWithoutCertificatesIsRefusedNamingTheSettingAndTheFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        assertThatThrownBy(() -> TributaryClient.builder(node.url()).caFile(empty).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("caFile " + empty);
    }

    @Test
    void aKeyThatIsNotPkcs8IsRefusedWithTheCommandThatConvertsIt() throws Exception {
        ca.issueClient("CN=reader", dir.resolve("sec1.pem"), dir.resolve("unused.key"));
        Path sec1 = Files.writeString(dir.resolve("sec1.key"),
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n");

        assertThatThrownBy(() -> TributaryClient.builder(node.url())
                .clientCertificate(dir.resolve("sec1.pem"), sec1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clientKey " + sec1 + ": its key is a PEM 'EC PRIVATE KEY'")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }
}
