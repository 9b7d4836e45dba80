package dev.tributary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.log.Durability;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.config.ConfigException;
import dev.tributary.server.config.ConfigLoader;
import dev.tributary.server.delivery.Cidr;
import dev.tributary.server.http.HttpLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static Map<String, String> flags(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void usesDefaultsWhenNothingIsSet() {
        assertThat(ConfigLoader.load(Map.of(), Map.of(), Map.of())).isEqualTo(NodeConfig.defaults());
    }

    @Test
    void readsTheDeliverySettings() {
        NodeConfig c = ConfigLoader.load(flags("allow-private-sinks", "true"),
                Map.of("TRIBUTARY_ATTEMPT_RETENTION", "P30D"), Map.of());

        assertThat(c.allowPrivateSinks()).isTrue();
        assertThat(c.attemptRetention()).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> ConfigLoader.load(flags("allow-private-sinks", "yes"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("allow-private-sinks: must be true or false");
        assertThatThrownBy(() -> ConfigLoader.load(flags("attempt-retention", "PT1S"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("attempt-retention must be within");
    }

    @Test
    void readsTheHttpSettings() {
        Map<String, String> file = ConfigLoader.parseYaml(
                "http-max-connections: 500\nhttp-max-header-bytes: 32KiB\n", "t.yaml");
        NodeConfig c = ConfigLoader.load(flags("http-idle-timeout", "PT2M"),
                Map.of("TRIBUTARY_HTTP_HEADER_TIMEOUT", "PT5S", "TRIBUTARY_HTTP_MAX_REQUEST_LINE_BYTES", "4KiB"), file);

        assertThat(c.http()).isEqualTo(new HttpLimits(Duration.ofMinutes(2), Duration.ofSeconds(5), 500, 4096, 32768));
        assertThat(NodeConfig.defaults().http())
                .isEqualTo(new HttpLimits(Duration.ofSeconds(60), Duration.ofSeconds(10), 10_000, 8192, 16384));
    }

    @Test
    void rejectsUnsafeHttpSettingsNamingTheKeyAndTheSource() {
        assertThatThrownBy(() -> ConfigLoader.load(flags("http-idle-timeout", "0"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http-idle-timeout must be within PT1S..PT1H, was PT0S (from flag --http-idle-timeout)");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("TRIBUTARY_HTTP_HEADER_TIMEOUT", "PT1H"), Map.of()))
                .hasMessageContaining("http-header-timeout must be within PT1S..PT5M")
                .hasMessageContaining("TRIBUTARY_HTTP_HEADER_TIMEOUT");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), Map.of("http-max-connections", "0")))
                .hasMessageContaining("http-max-connections: must be within 1..1000000, was 0 (from config file)");
        assertThatThrownBy(() -> ConfigLoader.load(flags("http-max-request-line-bytes", "128KiB"), Map.of(), Map.of()))
                .hasMessageContaining("http-max-request-line-bytes").hasMessageContaining("1 KiB..64 KiB");
        assertThatThrownBy(() -> ConfigLoader.load(flags("http-max-header-bytes", "100"), Map.of(), Map.of()))
                .hasMessageContaining("http-max-header-bytes").hasMessageContaining("1 KiB..1 MiB");
    }

    @Test
    void readsTheAuthSettingsAndRefusesAuthNoneOffLoopback() {
        NodeConfig c = ConfigLoader.load(flags("open-routes", "/metrics, /health/ready", "auth-failures-per-minute", "5"),
                Map.of("TRIBUTARY_JWT_JWKS", "https://id.example.com/jwks.json", "TRIBUTARY_JWT_ISSUER",
                        "https://id.example.com", "TRIBUTARY_JWT_AUDIENCE", "tributary"), Map.of());

        assertThat(c.auth().required()).isTrue();
        assertThat(c.auth().openRoutes()).containsExactlyInAnyOrder("/metrics", "/health/ready");
        assertThat(c.auth().maxFailuresPerMinute()).isEqualTo(5);
        assertThat(c.auth().jwt().orElseThrow().scopesClaim()).isEqualTo("scope");
        assertThat(ConfigLoader.load(flags("auth", "none"), Map.of(), Map.of()).auth().required()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.load(flags("auth", "none", "host", "0.0.0.0"), Map.of(), Map.of()))
                .hasMessageContaining("auth none is allowed only when the node listens on loopback")
                .hasMessageContaining("(from flag --auth)");
        assertThatThrownBy(() -> ConfigLoader.load(flags("auth", "maybe"), Map.of(), Map.of()))
                .hasMessageContaining("auth must be keys or none");
        assertThatThrownBy(() -> ConfigLoader.load(flags("open-routes", "/v1/buses"), Map.of(), Map.of()))
                .hasMessageContaining("open-routes may list /health/ready, /metrics, /openapi.json");
        assertThatThrownBy(() -> ConfigLoader.load(flags("jwt-jwks", "/etc/jwks.json"), Map.of(), Map.of()))
                .hasMessageContaining("jwt-issuer must be given when jwt-jwks is");
        assertThatThrownBy(() -> ConfigLoader.load(flags("jwt-issuer", "https://x"), Map.of(), Map.of()))
                .hasMessageContaining("jwt-jwks must be given with jwt-issuer and jwt-audience");
    }

    @Test
    void readsTheNodeLimits() {
        NodeConfig c = ConfigLoader.load(flags("max-buses", "50", "key-events-per-second", "1000"),
                Map.of("TRIBUTARY_MAX_KEYS", "10"), Map.of("max-subscriptions", "20", "key-requests-per-second", "5"));

        assertThat(c.limits()).isEqualTo(new dev.tributary.server.NodeLimits(50, 20, 10, 5, 1000));
        assertThat(c.busDefaults().maxBuses()).isEqualTo(50);
        assertThat(NodeConfig.defaults().limits().keyRequestsPerSecond()).isZero();
        assertThatThrownBy(() -> ConfigLoader.load(flags("max-keys", "0"), Map.of(), Map.of()))
                .hasMessageContaining("max-keys: must be within 1..1000000, was 0 (from flag --max-keys)");
    }

    @Test
    void readsTheStorageAndSinkNetworkSettings() {
        NodeConfig c = ConfigLoader.load(flags("max-partitions", "16", "allowed-sink-networks", "10.20.0.0/16, fd00::/8"),
                Map.of("TRIBUTARY_WRITER_THREADS", "2", "TRIBUTARY_SHUTDOWN_TIMEOUT", "PT5S"), Map.of());

        assertThat(c.busDefaults().maxPartitions()).isEqualTo(16);
        assertThat(c.busDefaults().writerThreads()).isEqualTo(2);
        assertThat(c.allowedSinkNetworks()).containsExactly(Cidr.parse("10.20.0.0/16"), Cidr.parse("fd00::/8"));
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(NodeConfig.defaults().allowedSinkNetworks()).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.load(flags("max-partitions", "2048"), Map.of(), Map.of()))
                .hasMessageContaining("max-partitions: must be within 1..1024, was 2048 (from flag --max-partitions)");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("TRIBUTARY_WRITER_THREADS", "0"), Map.of()))
                .hasMessageContaining("writer-threads: must be within 1..256");
        assertThatThrownBy(() -> ConfigLoader.load(flags("allowed-sink-networks", "10.0.0.1/8"), Map.of(), Map.of()))
                .hasMessageContaining("allowed-sink-networks: must be a comma-separated list of CIDR blocks")
                .hasMessageContaining("'10.0.0.1/8'");
        assertThatThrownBy(() -> ConfigLoader.load(flags("shutdown-timeout", "0"), Map.of(), Map.of()))
                .hasMessageContaining("shutdown-timeout must be within PT1S..PT1H");
    }

    @Test
    void readsTheGrpcPortWhichFollowsAFreeHttpPortUnlessSet() {
        assertThat(NodeConfig.defaults().grpcPort()).isEqualTo(8081);
        assertThat(ConfigLoader.load(flags("port", "0"), Map.of(), Map.of()).grpcPort())
                .as("an ephemeral node never takes 8081").isEqualTo(NodeConfig.GRPC_FREE_PORT);
        assertThat(ConfigLoader.load(flags("port", "0", "grpc-port", "9091"), Map.of(), Map.of()).grpcPort())
                .isEqualTo(9091);
        assertThat(ConfigLoader.load(Map.of(), Map.of("TRIBUTARY_GRPC_PORT", "0"), Map.of()).grpcPort())
                .isEqualTo(NodeConfig.GRPC_OFF);
        assertThat(ConfigLoader.load(Map.of(), Map.of(), ConfigLoader.parseYaml("grpc-port: -1\n", "c.yaml")).grpcPort())
                .isEqualTo(NodeConfig.GRPC_FREE_PORT);
        assertThat(NodeConfig.defaults().withPort(0).grpcPort()).isEqualTo(NodeConfig.GRPC_FREE_PORT);
        assertThat(NodeConfig.defaults().withGrpcPort(0).withPort(0).grpcPort()).isEqualTo(NodeConfig.GRPC_OFF);
        assertThatThrownBy(() -> ConfigLoader.load(flags("grpc-port", "65536"), Map.of(), Map.of()))
                .hasMessageContaining("grpc-port: must be within -1..65535, was 65536 (from flag --grpc-port)");
        assertThatThrownBy(() -> ConfigLoader.load(flags("port", "8081"), Map.of(), Map.of()))
                .hasMessageContaining("grpc-port must differ from port, both are 8081 (default)");
    }

    @Test
    void serverCommandTakesTheGrpcPortFlag() throws Exception {
        CliRun bad = CliRun.run("server", "--grpc-port", "grpc");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("grpc-port: must be an integer within -1..65535, was 'grpc' (from flag --grpc-port)");
    }

    @Test
    void flagWinsOverEnvironmentWhichWinsOverFile() {
        Map<String, String> file = ConfigLoader.parseYaml("port: 7000\nhost: 0.0.0.0\ndata: /file\nmax-batch-events: 10\n", "t.yaml");
        Map<String, String> env = Map.of("TRIBUTARY_PORT", "7001", "TRIBUTARY_DATA", "/env", "TRIBUTARY_URL", "ignored");
        NodeConfig c = ConfigLoader.load(flags("port", "7002"), env, file);
        assertThat(c.port()).isEqualTo(7002);
        assertThat(c.dataDir()).isEqualTo(Path.of("/env"));
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.maxBatchEvents()).isEqualTo(10);
    }

    @Test
    void parsesEveryKindOfValue() {
        Map<String, String> env = Map.of(
                "TRIBUTARY_DURABILITY", "none",
                "TRIBUTARY_SEGMENT_BYTES", "8MiB",
                "TRIBUTARY_DEDUP_WINDOW", "PT30S",
                "TRIBUTARY_MAX_EVENT_BYTES", "2048",
                "TRIBUTARY_MAX_BATCH_BYTES", "1 GiB".replace("1 GiB", "128MiB"));
        NodeConfig c = ConfigLoader.load(Map.of(), env, Map.of());
        assertThat(c.durability()).isEqualTo(Durability.NONE);
        assertThat(c.segmentBytes()).isEqualTo(8L << 20);
        assertThat(c.dedupWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxEventBytes()).isEqualTo(2048);
        assertThat(c.maxBatchBytes()).isEqualTo(128 << 20);
        assertThat(ConfigLoader.load(flags("dedup-window", "0"), Map.of(), Map.of()).dedupWindow()).isZero();
    }

    @Test
    void namesTheKeyTheSourceAndTheRangeOfABadValue() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("TRIBUTARY_PORT", "70000"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("0..65535")
                .hasMessageContaining("TRIBUTARY_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(flags("port", "http"), Map.of(), Map.of()))
                .hasMessageContaining("port: must be an integer within 0..65535, was 'http' (from flag --port)");
        assertThatThrownBy(() -> ConfigLoader.load(flags("segment-bytes", "1KiB"), Map.of(), Map.of()))
                .hasMessageContaining("segment-bytes").hasMessageContaining("1 MiB..1 GiB");
        assertThatThrownBy(() -> ConfigLoader.load(flags("durability", "sometimes"), Map.of(), Map.of()))
                .hasMessageContaining("durability: must be fsync or none");
        assertThatThrownBy(() -> ConfigLoader.load(flags("dedup-window", "2m"), Map.of(), Map.of()))
                .hasMessageContaining("dedup-window").hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ConfigLoader.load(flags("max-event-bytes", "2MiB", "max-batch-bytes", "1MiB"), Map.of(), Map.of()))
                .hasMessageContaining("max-batch-bytes must be within max-event-bytes")
                .hasMessageContaining("(from flag --max-batch-bytes)");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), Map.of("max-batch-events", "0")))
                .hasMessageContaining("max-batch-events: must be within 1..100000, was 0 (from config file)");
    }

    @Test
    void rejectsUnknownKeysAndBadYaml() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.parseYaml("prot: 1\n", "c.yaml"))
                .hasMessageContaining("unknown key 'prot' in c.yaml");
        assertThatThrownBy(() -> ConfigLoader.parseYaml("port: [1, 2]\n", "c.yaml")).hasMessageContaining("port");
        assertThatThrownBy(() -> ConfigLoader.parseYaml("- a\n", "c.yaml")).hasMessageContaining("mapping");
        assertThatThrownBy(() -> ConfigLoader.readYaml(dir.resolve("missing.yaml"))).hasMessageContaining("cannot read");
        Path file = Files.writeString(dir.resolve("ok.yaml"), "# comment\nport: 9000\ndedup-window: PT1M\n");
        assertThat(ConfigLoader.readYaml(file)).containsEntry("port", "9000").containsEntry("dedup-window", "PT1M");
    }

    @Test
    void serverCommandExits2OnABadValueBeforeStarting() throws Exception {
        CliRun flag = CliRun.run("server", "--port", "-1");
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.err()).contains("port").contains("0..65535");
        CliRun env = CliRun.run(Map.of("TRIBUTARY_MAX_BATCH_EVENTS", "lots"), "", "server");
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.err()).contains("max-batch-events").contains("TRIBUTARY_MAX_BATCH_EVENTS");
        Path yaml = Files.writeString(dir.resolve("c.yaml"), "durability: maybe\n");
        CliRun file = CliRun.run("server", "--config", yaml.toString());
        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.err()).contains("durability: must be fsync or none");
        assertThat(flag.out() + env.out() + file.out()).isEmpty();
        CliRun http = CliRun.run("server", "--http-header-timeout", "PT0.5S");
        assertThat(http.exitCode()).isEqualTo(2);
        assertThat(http.err()).contains("http-header-timeout must be within PT1S..PT5M")
                .contains("flag --http-header-timeout");
    }
}
