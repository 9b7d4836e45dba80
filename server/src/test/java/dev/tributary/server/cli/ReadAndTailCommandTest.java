package dev.tributary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadAndTailCommandTest {
    private static final String NDJSON = "application/x-ndjson";
    private final FakeApi api;

    ReadAndTailCommandTest() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static String envelope(int offset) {
        return "{\"partition\":0,\"offset\":" + offset + ",\"event\":{\"specversion\":\"1.0\",\"id\":\"" + offset + "\"}}";
    }

    @Test
    void readsAPartitionAsNdjson() {
        api.answer(200, NDJSON, envelope(5) + "\n" + envelope(6) + "\n", Map.of("Tributary-Next", "7"));
        CliRun r = CliRun.run("read", "orders", "--partition", "0", "--from", "5", "--limit", "2", "--url", api.url());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(api.only().target()).isEqualTo("/v1/buses/orders/partitions/0/events?limit=2&from=5");
        assertThat(api.only().header("Accept")).isEqualTo(NDJSON);
        assertThat(r.out()).isEqualTo(envelope(5) + "\n" + envelope(6) + "\n");
    }

    @Test
    void pagesUntilTheLimit() {
        StringBuilder page = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            page.append(envelope(i)).append('\n');
        }
        api.answer(200, NDJSON, page.toString(), Map.of("Tributary-Next", "1000"));
        api.answer(200, NDJSON, envelope(1000) + "\n", Map.of("Tributary-Next", "1001"));
        CliRun r = CliRun.run("read", "orders", "--partition", "0", "--from-time", "2026-11-23T00:00:00Z", "--limit",
                "1500", "--url", api.url());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines()).hasSize(1001);
        assertThat(api.requests).extracting(FakeApi.Request::target).containsExactly(
                "/v1/buses/orders/partitions/0/events?limit=1000&fromTime=2026-11-23T00%3A00%3A00Z",
                "/v1/buses/orders/partitions/0/events?limit=500&from=1000");
    }

    @Test
    void readsAStreamBackward() {
        api.answer(200, NDJSON, envelope(9) + "\n", Map.of("Tributary-Next", "8"));
        CliRun r = CliRun.run("read", "orders", "--stream", "order-1", "--backward", "--limit", "1", "--url", api.url());
        assertThat(r.exitCode()).isZero();
        assertThat(api.only().target()).isEqualTo("/v1/buses/orders/streams/order-1/events?limit=1&direction=backward");
    }

    @Test
    void reportsGoneOffsetsAsServerErrors() {
        api.answer(410, "{\"status\":410,\"detail\":\"offset 3 is below the earliest offset 10\",\"earliestOffset\":10}");
        CliRun r = CliRun.run("read", "orders", "--partition", "0", "--from", "3", "--url", api.url());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("offset 3 is below the earliest offset 10");
    }

    @Test
    void rejectsContradictoryReadOptions() {
        assertThat(CliRun.run("read", "orders", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("read", "orders", "--partition", "0", "--stream", "s", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("read", "orders", "--partition", "0", "--backward", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("read", "orders", "--stream", "s", "--from-time", "2026-11-23T00:00:00Z", "--url", api.url())
                .exitCode()).isEqualTo(2);
        assertThat(CliRun.run("read", "orders", "--partition", "0", "--from-time", "yesterday", "--url", api.url())
                .exitCode()).isEqualTo(2);
        assertThat(api.requests).isEmpty();
    }

    @Test
    void tailsServerSentEventsPrintingOneLinePerEnvelope() {
        String sse = ": keep-alive\n\n"
                + "id: 6\nevent: cloudevent\ndata: " + envelope(5) + "\n\n"
                + "id: 7\nevent: cloudevent\ndata:{\"partition\":0,\ndata: \"offset\":6}\n\n"
                + "id: 8\nevent: cloudevent\ndata: " + envelope(7) + "\n\n";
        api.answer(200, "text/event-stream", sse, Map.of());
        CliRun r = CliRun.run("tail", "orders", "--partition", "0", "--from", "earliest", "--max", "2", "--url", api.url());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(api.only().target()).isEqualTo("/v1/buses/orders/partitions/0/follow?from=earliest");
        assertThat(api.only().header("Accept")).isEqualTo("text/event-stream");
        assertThat(r.out().lines().toList()).containsExactly(envelope(5), "{\"partition\":0,\"offset\":6}");
    }

    @Test
    void reconnectsWithLastEventIdAfterTheStreamEnds() {
        api.answer(200, "text/event-stream", "id: 1\nevent: cloudevent\ndata: " + envelope(0) + "\n\n", Map.of());
        api.answer(200, "text/event-stream", "id: 2\nevent: cloudevent\ndata: " + envelope(1) + "\n\n", Map.of());
        CliRun r = CliRun.run("tail", "orders", "--stream", "order-1", "--from", "0", "--max", "2", "--url", api.url());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(2);
        assertThat(api.requests).hasSize(2);
        assertThat(api.requests.get(0).target()).isEqualTo("/v1/buses/orders/streams/order-1/follow?from=0");
        assertThat(api.requests.get(1).header("Last-Event-ID")).isEqualTo("1");
    }

    @Test
    void rejectsBadTailOptions() {
        assertThat(CliRun.run("tail", "orders", "--stream", "s", "--from", "latest", "--url", api.url()).exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run("tail", "orders", "--partition", "0", "--stream", "s", "--url", api.url()).exitCode())
                .isEqualTo(2);
        assertThat(api.requests).isEmpty();
    }
}
