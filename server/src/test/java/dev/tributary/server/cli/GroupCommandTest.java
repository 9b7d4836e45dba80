package dev.tributary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommandTest {
    private final FakeApi api;

    GroupCommandTest() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createsAGroupFromFlags() {
        api.answer(201, "{\"name\":\"workers\",\"stats\":{\"lag\":3}}");
        CliRun r = CliRun.run("group", "create", "work", "workers", "--category", "job", "--filter", "n > 1",
                "--from", "earliest", "--max-deliveries", "3", "--lease", "PT10S", "--ordering", "partitionKey",
                "--max-pending", "50", "--backoff", "{\"kind\":\"fixed\",\"delay\":\"PT1S\"}", "--url", api.url());

        assertThat(r.exitCode()).as(r.err()).isZero();
        FakeApi.Request req = api.only();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/v1/buses/work/groups");
        assertThat(req.bodyText()).isEqualTo("{\"name\":\"workers\",\"category\":\"job\",\"filter\":\"n > 1\","
                + "\"from\":\"earliest\",\"maxDeliveries\":3,\"lease\":\"PT10S\",\"ordering\":\"partitionKey\","
                + "\"backoff\":{\"kind\":\"fixed\",\"delay\":\"PT1S\"},\"maxPending\":50}");
        assertThat(r.out()).contains("\"lag\" : 3");
    }

    @Test
    void createsFromAPositionWithDefaultsLeftToTheNode() {
        api.answer(201, "{}");
        assertThat(CliRun.run("group", "create", "work", "billing", "--type", "order.placed", "--from", "17",
                "--url", api.url()).exitCode()).isZero();
        assertThat(api.only().bodyText()).isEqualTo("{\"name\":\"billing\",\"type\":\"order.placed\",\"from\":17}");
    }

    @Test
    void listsDescribesAndDeletes() {
        api.answer(200, "{\"groups\":[{\"name\":\"a\"},{\"name\":\"b\"}]}").answer(200, "{\"name\":\"a\"}").answer(204, "");
        CliRun list = CliRun.run("group", "list", "work", "--output", "ndjson", "--url", api.url());
        assertThat(CliRun.run("group", "describe", "work", "a", "--url", api.url()).exitCode()).isZero();
        CliRun deleted = CliRun.run("group", "delete", "work", "a", "--url", api.url());

        assertThat(list.out()).isEqualTo("{\"name\":\"a\"}\n{\"name\":\"b\"}\n");
        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.out()).isEmpty();
        assertThat(api.requests).extracting(FakeApi.Request::method).containsExactly("GET", "GET", "DELETE");
        assertThat(api.requests).extracting(FakeApi.Request::target)
                .containsExactly("/v1/buses/work/groups", "/v1/buses/work/groups/a", "/v1/buses/work/groups/a");
    }

    @Test
    void fetchPrintsEachEventWithItsPositionDeliveriesAndEnvelope() {
        String events = "{\"events\":[{\"position\":0,\"deliveries\":1,\"leaseUntil\":\"2026-01-01T00:00:30Z\","
                + "\"envelope\":{\"event\":{\"id\":\"j1\"}}},{\"position\":2,\"deliveries\":2,"
                + "\"leaseUntil\":\"2026-01-01T00:00:30Z\",\"envelope\":{\"event\":{\"id\":\"j2\"}}}]}";
        api.answer(200, events).answer(200, events);
        CliRun ndjson = CliRun.run("group", "fetch", "work", "workers", "--consumer", "worker 1", "--max", "10",
                "--output", "ndjson", "--url", api.url());
        CliRun json = CliRun.run("group", "fetch", "work", "workers", "--consumer", "w1", "--url", api.url());

        assertThat(ndjson.exitCode()).isZero();
        assertThat(ndjson.out().lines()).containsExactly(
                "{\"position\":0,\"deliveries\":1,\"leaseUntil\":\"2026-01-01T00:00:30Z\",\"envelope\":{\"event\":{\"id\":\"j1\"}}}",
                "{\"position\":2,\"deliveries\":2,\"leaseUntil\":\"2026-01-01T00:00:30Z\",\"envelope\":{\"event\":{\"id\":\"j2\"}}}");
        assertThat(json.out()).contains("\"events\" : [", "\"position\" : 2", "\"deliveries\" : 2");
        assertThat(api.requests).extracting(FakeApi.Request::method).containsOnly("POST");
        assertThat(api.requests).extracting(FakeApi.Request::target).containsExactly(
                "/v1/buses/work/groups/workers/fetch?consumer=worker+1&max=10",
                "/v1/buses/work/groups/workers/fetch?consumer=w1");
    }

    @Test
    void acksNacksAndParksPositionsForAConsumer() {
        api.answer(200, "{\"stats\":{}}").answer(200, "{\"stats\":{}}").answer(200, "{\"stats\":{\"parked\":1}}");
        String url = api.url();
        assertThat(CliRun.run("group", "ack", "work", "workers", "--consumer", "w1", "0", "1", "--url", url).exitCode())
                .isZero();
        assertThat(CliRun.run("group", "nack", "work", "workers", "--consumer", "w1", "2", "--reason", "flaky",
                "--url", url).exitCode()).isZero();
        CliRun parked = CliRun.run("group", "park", "work", "workers", "3", "--consumer", "w1", "--url", url);

        assertThat(parked.out()).contains("\"parked\" : 1");
        assertThat(api.requests).extracting(FakeApi.Request::target).containsExactly(
                "/v1/buses/work/groups/workers/ack", "/v1/buses/work/groups/workers/nack",
                "/v1/buses/work/groups/workers/park");
        assertThat(api.requests).extracting(FakeApi.Request::bodyText).containsExactly(
                "{\"consumer\":\"w1\",\"positions\":[0,1]}",
                "{\"consumer\":\"w1\",\"positions\":[2],\"reason\":\"flaky\"}",
                "{\"consumer\":\"w1\",\"positions\":[3]}");
    }

    @Test
    void listsReplaysAndDropsParkedEvents() {
        api.answer(200, "{\"parked\":[{\"position\":3,\"deliveries\":2,\"reason\":\"bad\",\"parkedAt\":\"2026-01-01T00:00:00Z\"}]}")
                .answer(200, "{\"replayed\":1}").answer(200, "{\"dropped\":2}");
        String url = api.url();
        CliRun parked = CliRun.run("group", "parked", "work", "workers", "--from", "2", "--limit", "5",
                "--output", "ndjson", "--url", url);
        CliRun replayed = CliRun.run("group", "replay", "work", "workers", "3", "--url", url);
        CliRun dropped = CliRun.run("group", "drop", "work", "workers", "4", "5", "--output", "ndjson", "--url", url);

        assertThat(parked.out())
                .isEqualTo("{\"position\":3,\"deliveries\":2,\"reason\":\"bad\",\"parkedAt\":\"2026-01-01T00:00:00Z\"}\n");
        assertThat(replayed.out()).contains("\"replayed\" : 1");
        assertThat(dropped.out()).isEqualTo("{\"dropped\":2}\n");
        assertThat(api.requests).extracting(FakeApi.Request::target).containsExactly(
                "/v1/buses/work/groups/workers/parked?from=2&limit=5",
                "/v1/buses/work/groups/workers/parked/replay",
                "/v1/buses/work/groups/workers/parked/drop");
        assertThat(api.requests.get(1).bodyText()).isEqualTo("{\"positions\":[3]}");
        assertThat(api.requests.get(2).bodyText()).isEqualTo("{\"positions\":[4,5]}");
    }

    @Test
    void printsTheNodesProblemAndExits1() {
        api.answer(409, "{\"type\":\"https://tributary.dev/problems/lease-lost\",\"title\":\"Conflict\",\"status\":409,"
                + "\"detail\":\"consumer 'w2' holds no live lease on positions [1]\"}");
        CliRun r = CliRun.run("group", "ack", "work", "workers", "--consumer", "w2", "1", "--url", api.url());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("consumer 'w2' holds no live lease on positions [1]").contains("409");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void refusesBadInputWithoutCallingTheServer() {
        String url = api.url();
        assertThat(CliRun.run("group", "describe", "work", "Bad Name", "--url", url).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group", "list", "Bad Bus", "--url", url).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group", "create", "work", "g", "--category", "a", "--type", "b", "--url", url).exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run("group", "create", "work", "g", "--from", "-1", "--url", url).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group", "create", "work", "g", "--from", "soon", "--url", url).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group", "create", "work", "g", "--lease", "30s", "--url", url).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group", "create", "work", "g", "--ordering", "key", "--url", url).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group", "create", "work", "g", "--backoff", "{oops", "--url", url).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group", "fetch", "work", "g", "--url", url).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group", "fetch", "work", "g", "--consumer", "w", "--max", "0", "--url", url).exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run("group", "ack", "work", "g", "--consumer", "w", "--url", url).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group", "ack", "work", "g", "--consumer", "w", "x", "--url", url).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group", "parked", "work", "g", "--limit", "0", "--url", url).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group", "frobnicate").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("group").exitCode()).isEqualTo(2);
        assertThat(api.requests).isEmpty();
    }
}
