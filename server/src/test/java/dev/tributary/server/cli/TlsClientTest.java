package dev.tributary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.server.Node;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.auth.AdminKeyFile;
import dev.tributary.server.tls.TestCertificates;
import dev.tributary.server.tls.TlsSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI talks to an https node whose certificate a private CA issued, given that CA with --ca-file. */
class TlsClientTest {
    @Test
    void trustsTheCaOfItsCaFileAndRefusesTheNodeWithoutIt(@TempDir Path dir) throws Exception {
        TestCertificates ca = new TestCertificates("private-ca");
        Path cert = ca.server("node").write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        Path caFile = ca.writeCa(dir.resolve("ca.pem"));
        try (Node node = Node.start(NodeConfig.defaults().withPort(0).withDataDir(dir.resolve("data"))
                .withTls(new TlsSettings(cert, dir.resolve("key.pem"), Optional.empty(), false, Optional.empty())))) {
            String url = "https://127.0.0.1:" + node.port();
            Map<String, String> env = Map.of("TRIBUTARY_TOKEN", AdminKeyFile.read(node.dataDir()).orElseThrow());

            CliRun trusted = CliRun.run(env, "", "bus", "create", "secure", "--url", url, "--ca-file", caFile.toString());
            CliRun untrusted = CliRun.run(env, "", "bus", "list", "--url", url);
            CliRun plainCa = CliRun.run(env, "", "bus", "list", "--url", "http://127.0.0.1:1", "--ca-file",
                    caFile.toString());

            assertThat(trusted.exitCode()).as(trusted.err()).isZero();
            assertThat(trusted.out()).contains("\"name\" : \"secure\"");
            assertThat(untrusted.exitCode()).isEqualTo(3);
            assertThat(untrusted.err()).contains("TLS handshake").contains("--ca-file");
            assertThat(plainCa.exitCode()).isEqualTo(2);
            assertThat(plainCa.err()).contains("--ca-file: only means something for an https:// --url");
        }
    }
}
