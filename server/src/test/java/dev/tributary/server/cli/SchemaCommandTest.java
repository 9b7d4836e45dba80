package dev.tributary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaCommandTest {
    private final FakeApi api;

    SchemaCommandTest() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void registersTheSchemaFromStdinUnderItsSubject() {
        api.answer(201, "{\"version\":1}");
        CliRun r = CliRun.run(Map.of(), "{\"type\":\"object\"}", "schema", "register", "order.placed", "--bus", "shop",
                "--file", "-", "--url", api.url());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(api.only().target()).isEqualTo("/v1/schemas/order.placed/versions?bus=shop");
        assertThat(api.only().bodyText()).isEqualTo("{\"schema\":{\"type\":\"object\"}}");
    }

    @Test
    void checkExitsOneWhenTheDataDoesNotMatch() {
        api.answer(200, "{\"valid\":false,\"schema\":\"tributary:schemas/t/versions/1\",\"violations\":[]}");
        CliRun r = CliRun.run("schema", "check", "t", "--data", "{\"total\":-1}", "--url", api.url());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(api.only().bodyText()).isEqualTo("{\"data\":{\"total\":-1}}");
        assertThat(r.err()).contains("does not match tributary:schemas/t/versions/1");
    }

    @Test
    void refusesABadModeOrMissingDataWithoutCallingTheServer() {
        assertThat(CliRun.run("schema", "validation", "shop", "strict", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("schema", "check", "t", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("schema", "check", "t", "--data", "{oops", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(api.requests).isEmpty();
    }
}
