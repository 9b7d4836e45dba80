package dev.tributary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionCommandTest {
    private final FakeApi api;

    SubscriptionCommandTest() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createsASubscriptionFromFlags() {
        api.answer(201, "{\"id\":\"crm\"}");
        CliRun r = CliRun.run("sub", "create", "--id", "crm", "--bus", "orders", "--sink", "https://crm.example.com/h",
                "--type", "order.placed", "--type", "order.paid", "--filter", "{\"prefix\":{\"subject\":\"eu/\"}}",
                "--start-at", "earliest", "--url", api.url());

        assertThat(r.exitCode()).isZero();
        FakeApi.Request req = api.only();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/v1/subscriptions");
        assertThat(req.bodyText()).isEqualTo("{\"bus\":\"orders\",\"sink\":\"https://crm.example.com/h\","
                + "\"types\":[\"order.placed\",\"order.paid\"],\"filters\":[{\"prefix\":{\"subject\":\"eu/\"}}],"
                + "\"startAt\":\"earliest\",\"id\":\"crm\"}");
    }

    @Test
    void createsFromAFileOnStdinWithFlagsOverridingIt() {
        api.answer(201, "{\"id\":\"crm\"}");
        CliRun r = CliRun.run(Map.of(), "{\"bus\":\"orders\",\"sink\":\"https://old.example\",\"delivery\":{\"maxInFlight\":8}}",
                "sub", "create", "--file", "-", "--sink", "https://new.example", "--url", api.url());

        assertThat(r.exitCode()).isZero();
        assertThat(api.only().bodyText())
                .isEqualTo("{\"bus\":\"orders\",\"sink\":\"https://new.example\",\"delivery\":{\"maxInFlight\":8}}");
    }

    @Test
    void updateChangesTheCurrentDefinition() {
        api.answer(200, "{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://old.example\",\"revision\":3}")
                .answer(200, "{\"id\":\"crm\"}");
        CliRun r = CliRun.run("sub", "update", "crm", "--sink", "https://new.example", "--url", api.url());

        assertThat(r.exitCode()).isZero();
        assertThat(api.requests).extracting(FakeApi.Request::method).containsExactly("GET", "PUT");
        assertThat(api.requests.get(1).bodyText())
                .isEqualTo("{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://new.example\",\"revision\":3}");
    }

    @Test
    void resetsToOffsetsOrANamedPosition() {
        api.answer(200, "{\"positions\":{}}").answer(200, "{\"positions\":{}}");
        assertThat(CliRun.run("sub", "reset", "crm", "--to", "0=12,3=40", "--url", api.url()).exitCode()).isZero();
        assertThat(CliRun.run("sub", "reset", "crm", "--to", "earliest", "--url", api.url()).exitCode()).isZero();

        assertThat(api.requests).extracting(FakeApi.Request::path).containsOnly("/v1/subscriptions/crm/reset");
        assertThat(api.requests).extracting(FakeApi.Request::bodyText)
                .containsExactly("{\"position\":{\"0\":12,\"3\":40}}", "{\"position\":\"earliest\"}");
    }

    @Test
    void pausesWithAReasonResumesListsAndDeletes() {
        api.answer(200, "{}").answer(200, "{}").answer(200, "{\"subscriptions\":[]}").answer(204, "");
        assertThat(CliRun.run("sub", "pause", "crm", "--reason", "maintenance", "--url", api.url()).exitCode()).isZero();
        assertThat(CliRun.run("sub", "resume", "crm", "--url", api.url()).exitCode()).isZero();
        assertThat(CliRun.run("sub", "list", "--bus", "orders", "--url", api.url()).exitCode()).isZero();
        assertThat(CliRun.run("sub", "delete", "crm", "--url", api.url()).exitCode()).isZero();

        assertThat(api.requests).extracting(FakeApi.Request::target).containsExactly(
                "/v1/subscriptions/crm/pause", "/v1/subscriptions/crm/resume", "/v1/subscriptions?bus=orders",
                "/v1/subscriptions/crm");
        assertThat(api.requests.get(0).bodyText()).isEqualTo("{\"reason\":\"maintenance\"}");
    }

    @Test
    void showsAttemptsDeliveriesDeadLettersAndRedrives() {
        api.answer(200, "{\"attempts\":[]}").answer(200, "{\"attempts\":[]}").answer(200, "{\"retries\":[]}")
                .answer(200, "{\"state\":\"delivered\"}").answer(200, "{\"deadLetters\":[]}")
                .answer(200, "{\"scheduled\":1}");
        String url = api.url();
        assertThat(CliRun.run("sub", "attempts", "crm", "--limit", "5", "--url", url).exitCode()).isZero();
        assertThat(CliRun.run("sub", "attempts", "crm", "--source", "/shop", "--event-id", "a 1", "--url", url).exitCode()).isZero();
        assertThat(CliRun.run("sub", "retries", "crm", "--url", url).exitCode()).isZero();
        CliRun state = CliRun.run("sub", "delivery", "crm", "--source", "/shop", "--event-id", "a1", "--url", url);
        assertThat(CliRun.run("sub", "dead-letters", "crm", "--reason", "exhausted", "--url", url).exitCode()).isZero();
        assertThat(CliRun.run("sub", "redrive", "crm", "--filter", "{\"exact\":{\"type\":\"t\"}}", "--url", url).exitCode())
                .isZero();

        assertThat(state.out()).contains("delivered");
        assertThat(api.requests).extracting(FakeApi.Request::target).containsExactly(
                "/v1/subscriptions/crm/attempts?limit=5",
                "/v1/subscriptions/crm/attempts?source=%2Fshop&eventId=a+1",
                "/v1/subscriptions/crm/retries",
                "/v1/subscriptions/crm/deliveries?source=%2Fshop&eventId=a1",
                "/v1/subscriptions/crm/dead-letters?reason=exhausted",
                "/v1/subscriptions/crm/redrive");
        assertThat(api.requests.get(5).bodyText()).isEqualTo("{\"filters\":[{\"exact\":{\"type\":\"t\"}}]}");
    }

    @Test
    void refusesBadInputWithoutCallingTheServer() {
        assertThat(CliRun.run("sub", "describe", "Bad Id", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("sub", "create", "--filter", "{oops", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("sub", "reset", "crm", "--to", "0=x", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("sub", "create", "--file", "/nonexistent.json", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(api.requests).isEmpty();
    }
}
