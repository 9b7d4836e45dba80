package dev.tributary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BusCommandTest {
    private final FakeApi api;

    BusCommandTest() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createsABusWithPartitionsAndRetention() {
        api.answer(201, "{\"name\":\"orders\",\"partitions\":4}");
        CliRun r = CliRun.run("bus", "create", "orders", "--partitions", "4", "--max-age", "P7D", "--max-bytes", "1024",
                "--url", api.url());
        assertThat(r.exitCode()).isZero();
        FakeApi.Request req = api.only();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/v1/buses");
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        assertThat(req.bodyText())
                .isEqualTo("{\"name\":\"orders\",\"partitions\":4,\"retention\":{\"maxAge\":\"P7D\",\"maxBytes\":1024}}");
        assertThat(r.out()).contains("\"name\" : \"orders\"").contains("\n");
    }

    @Test
    void readsTheUrlFromTheEnvironment() {
        api.answer(200, "{\"buses\":[{\"name\":\"a\"},{\"name\":\"b\"}]}");
        CliRun r = CliRun.run(Map.of("TRIBUTARY_URL", api.url()), "", "bus", "list", "--output", "ndjson");
        assertThat(r.exitCode()).isZero();
        assertThat(api.only().target()).isEqualTo("/v1/buses");
        assertThat(r.out()).isEqualTo("{\"name\":\"a\"}\n{\"name\":\"b\"}\n");
    }

    @Test
    void describesAndDeletes() {
        api.answer(200, "{\"name\":\"orders\",\"partitionStats\":[{\"partition\":0}]}").answer(204, "");
        assertThat(CliRun.run("bus", "describe", "orders", "--url", api.url()).exitCode()).isZero();
        CliRun deleted = CliRun.run("bus", "delete", "orders", "--url", api.url());
        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.out()).isEmpty();
        assertThat(api.requests).extracting(FakeApi.Request::method).containsExactly("GET", "DELETE");
        assertThat(api.requests).extracting(FakeApi.Request::path).containsOnly("/v1/buses/orders");
    }

    @Test
    void printsTheProblemDetailAndExits1OnServerErrors() {
        api.answer(409, "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"bus 'orders' already exists\"}");
        CliRun r = CliRun.run("bus", "create", "orders", "--url", api.url());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("bus 'orders' already exists").contains("409");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void exits3NamingTheUrlWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.run("bus", "list", "--url", "http://127.0.0.1:" + port);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("cannot connect to http://127.0.0.1:" + port)
                .contains("--url or TRIBUTARY_URL");
    }

    @Test
    void exits2OnUsageErrorsWithoutCallingTheServer() {
        assertThat(CliRun.run("bus", "create", "Bad Name", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("bus", "create", "ok", "--max-age", "7 days", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("bus", "create", "ok", "--partitions", "x", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("bus", "frobnicate").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("bus", "list", "--url", "ftp://x").exitCode()).isEqualTo(2);
        assertThat(CliRun.run().exitCode()).isEqualTo(2);
        assertThat(api.requests).isEmpty();
    }

    @Test
    void printsHelpAndVersion() {
        CliRun help = CliRun.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("server", "bus", "publish", "read", "tail", "Exit codes");
        CliRun version = CliRun.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("Tributary ");
        assertThat(CliRun.run("publish", "--help").out()).contains("--expected-version", "--file");
    }
}
