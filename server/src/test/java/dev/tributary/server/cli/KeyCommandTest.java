package dev.tributary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyCommandTest {
    private final FakeApi api;

    KeyCommandTest() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createsAKeyWithItsScopesAndExpiry() {
        api.answer(201, "{\"id\":\"abcdefghijkl\",\"token\":\"tbk_x\"}");
        CliRun r = CliRun.run("key", "create", "ci", "--scope", "publish:orders", "--scope", "read:*",
                "--expires-at", "2030-01-01T00:00:00Z", "--url", api.url());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(api.only().path()).isEqualTo("/v1/keys");
        assertThat(api.only().bodyText()).isEqualTo(
                "{\"name\":\"ci\",\"scopes\":[\"publish:orders\",\"read:*\"],\"expiresAt\":\"2030-01-01T00:00:00Z\"}");
        assertThat(r.out()).contains("tbk_x");
    }

    @Test
    void revokesByIdAndRefusesAMalformedIdWithoutCallingTheServer() {
        api.answer(204, "");
        assertThat(CliRun.run("key", "revoke", "abcdefghijkl", "--url", api.url()).exitCode()).isZero();
        assertThat(api.only().method()).isEqualTo("DELETE");
        assertThat(api.only().path()).isEqualTo("/v1/keys/abcdefghijkl");

        CliRun bad = CliRun.run("key", "revoke", "../buses", "--url", api.url());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(api.requests).hasSize(1);
    }

    @Test
    void sendsTheTokenFromTheFlagOrTheEnvironment() {
        api.answer(200, "{\"keys\":[]}").answer(200, "{\"keys\":[]}");
        CliRun.run(Map.of("TRIBUTARY_TOKEN", "tbk_from_env"), "", "key", "list", "--url", api.url());
        CliRun.run(Map.of("TRIBUTARY_TOKEN", "tbk_from_env"), "", "key", "list", "--url", api.url(), "--token",
                "tbk_from_flag");

        assertThat(api.requests.get(0).headers().get("Authorization")).isEqualTo(List.of("Bearer tbk_from_env"));
        assertThat(api.requests.get(1).headers().get("Authorization")).isEqualTo(List.of("Bearer tbk_from_flag"));
    }

    @Test
    void aLocalNodesAdminKeyIsFoundInItsDataDirectory(@TempDir Path data) throws IOException {
        Files.writeString(data.resolve("admin.key"), "tbk_local\n");
        api.answer(200, "{\"buses\":[]}");

        CliRun.run(Map.of("TRIBUTARY_DATA", data.toString()), "", "bus", "list", "--url", api.url());

        assertThat(api.only().headers().get("Authorization")).isEqualTo(List.of("Bearer tbk_local"));
    }

    @Test
    void a401HintsWhereTheCredentialComesFrom() {
        api.answer(401, "{\"status\":401,\"detail\":\"this request needs a credential\"}");
        CliRun r = CliRun.run(Map.of(), "", "bus", "list", "--url", api.url());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--token or TRIBUTARY_TOKEN").contains("data/admin.key");
    }
}
