package dev.tributary.server.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.CloudEventJson;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishCommandTest {
    private static final String OK = "{\"results\":[{\"partition\":1,\"offset\":41,\"duplicate\":false}]}";
    private final FakeApi api;

    @TempDir
    Path dir;

    PublishCommandTest() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static String line(int i) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + i + "\",\"source\":\"/s\",\"type\":\"t\",\"data\":{ \"n\" : 1.50 }}";
    }

    @Test
    void publishesOneStructuredEventBuiltFromFlags() {
        api.answer(200, OK);
        CliRun r = CliRun.run("publish", "orders", "--type", "order.created", "--source", "/shop", "--id", "e1",
                "--subject", "o-1", "--data", "{\"total\": 1.50}", "--ext", "tenant=acme", "--partition-key", "k",
                "--url", api.url());
        assertThat(r.exitCode()).as(r.err()).isZero();
        FakeApi.Request req = api.only();
        assertThat(req.target()).isEqualTo("/v1/buses/orders/events");
        assertThat(req.header("Content-Type")).isEqualTo("application/cloudevents+json");
        CloudEvent sent = CloudEventJson.parseEvent(req.body());
        assertThat(sent.getId()).isEqualTo("e1");
        assertThat(sent.getType()).isEqualTo("order.created");
        assertThat(sent.getSource()).hasToString("/shop");
        assertThat(sent.getSubject()).isEqualTo("o-1");
        assertThat(sent.getTime()).isNotNull();
        assertThat(sent.getDataContentType()).isEqualTo("application/json");
        assertThat(new String(sent.getData().toBytes(), UTF_8)).isEqualTo("{\"total\": 1.50}");
        assertThat(sent.getExtension("tenant")).isEqualTo("acme");
        assertThat(sent.getExtension("partitionkey")).isEqualTo("k");
        assertThat(r.out()).contains("\"offset\" : 41");
    }

    @Test
    void defaultsToARandomIdAndTextData() {
        api.answer(200, OK);
        CliRun r = CliRun.run("publish", "orders", "--type", "t", "--source", "/s", "--data", "hello", "--url", api.url());
        assertThat(r.exitCode()).isZero();
        CloudEvent sent = CloudEventJson.parseEvent(api.only().body());
        assertThat(sent.getId()).matches("[0-9a-f-]{36}");
        assertThat(sent.getDataContentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(sent.getData().toBytes()).isEqualTo("hello".getBytes(UTF_8));
    }

    @Test
    void sendsDataFilesByteForByte() throws IOException {
        byte[] bytes = {0, 1, 2, (byte) 0xFF, '\n'};
        Path file = Files.write(dir.resolve("blob.bin"), bytes);
        api.answer(200, OK);
        CliRun r = CliRun.run("publish", "orders", "--type", "t", "--source", "/s", "--data-file", file.toString(),
                "--url", api.url());
        assertThat(r.exitCode()).isZero();
        CloudEvent sent = CloudEventJson.parseEvent(api.only().body());
        assertThat(sent.getDataContentType()).isEqualTo("application/octet-stream");
        assertThat(sent.getData().toBytes()).isEqualTo(bytes);
    }

    @Test
    void appendsToAStreamWithAnExpectedVersion() {
        api.answer(200, "{\"stream\":\"order-1\",\"firstVersion\":3,\"currentVersion\":3,\"results\":[]}");
        CliRun r = CliRun.run("publish", "orders", "--type", "t", "--source", "/s", "--stream", "order-1",
                "--expected-version", "2", "--url", api.url());
        assertThat(r.exitCode()).isZero();
        assertThat(api.only().target()).isEqualTo("/v1/buses/orders/streams/order-1/events?expectedVersion=2");
    }

    @Test
    void rejectsBadFlagsWithExit2() {
        assertThat(CliRun.run("publish", "orders", "--type", "t", "--source", "a b", "--url", api.url()).exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run("publish", "orders", "--type", "t", "--source", "/s", "--ext", "Bad=1", "--url", api.url())
                .err()).contains("--ext Bad");
        assertThat(CliRun.run("publish", "orders", "--type", "t", "--source", "/s", "--expected-version", "2",
                "--url", api.url()).err()).contains("needs --stream");
        assertThat(CliRun.run("publish", "orders", "--type", "t", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("publish", "orders", "--url", api.url()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("publish", "orders", "--type", "", "--source", "/s", "--url", api.url()).err())
                .contains("--type: must not be empty");
        assertThat(api.requests).isEmpty();
    }

    @Test
    void sendsAnNdjsonFileInBatchesKeepingTheLinesExactly() throws IOException {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, line(1) + "\n\n" + line(2) + "\r\n" + line(3) + "\n");
        api.answer(200, "{\"results\":[{\"partition\":0,\"offset\":0,\"duplicate\":false},"
                + "{\"partition\":0,\"offset\":1,\"duplicate\":true}]}");
        api.answer(200, "{\"results\":[{\"partition\":0,\"offset\":2,\"duplicate\":false}]}");
        CliRun r = CliRun.run("publish", "orders", "--file", file.toString(), "--batch-size", "2", "--url", api.url());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(api.requests).hasSize(2);
        assertThat(api.requests.get(0).header("Content-Type")).isEqualTo("application/cloudevents-batch+json");
        assertThat(api.requests.get(0).bodyText()).isEqualTo("[" + line(1) + "," + line(2) + "]");
        assertThat(api.requests.get(1).bodyText()).isEqualTo("[" + line(3) + "]");
        assertThat(r.out().lines().toList()).containsExactly(
                "{\"line\":1,\"partition\":0,\"offset\":0,\"duplicate\":false}",
                "{\"line\":3,\"partition\":0,\"offset\":1,\"duplicate\":true}",
                "{\"line\":4,\"partition\":0,\"offset\":2,\"duplicate\":false}");
    }

    @Test
    void resendsOnlyTheEventsAPartiallyStoredBatchLeftUnstored() throws IOException {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, line(1) + "\n" + line(2) + "\n" + line(3) + "\n");
        api.answer(503, "application/problem+json", "{\"type\":\"https://tributary.dev/problems/partially-stored\","
                + "\"status\":503,\"detail\":\"2 of 3 events were not stored: disk full\",\"results\":["
                + "{\"error\":\"disk full\"},{\"partition\":1,\"offset\":7,\"duplicate\":false},"
                + "{\"error\":\"disk full\"}]}", Map.of("Retry-After", "0"));
        api.answer(200, "{\"results\":[{\"partition\":0,\"offset\":4,\"duplicate\":false},"
                + "{\"partition\":0,\"offset\":5,\"duplicate\":false}]}");
        CliRun r = CliRun.run("publish", "orders", "--file", file.toString(), "--url", api.url());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(api.requests).hasSize(2);
        assertThat(api.requests.get(1).bodyText()).isEqualTo("[" + line(1) + "," + line(3) + "]");
        assertThat(r.out().lines().toList()).containsExactly(
                "{\"line\":2,\"partition\":1,\"offset\":7,\"duplicate\":false}",
                "{\"line\":1,\"partition\":0,\"offset\":4,\"duplicate\":false}",
                "{\"line\":3,\"partition\":0,\"offset\":5,\"duplicate\":false}");
        assertThat(r.err()).contains("2 events (lines 1, 3) were not stored: 2 of 3 events were not stored: disk full");
    }

    @Test
    void givesUpAfterTheRetriesWithTheServersReason() throws IOException {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, line(1) + "\n");
        String full = "{\"type\":\"https://tributary.dev/problems/storage-unavailable\",\"status\":503,"
                + "\"detail\":\"disk full\"}";
        api.answer(503, "application/problem+json", full, Map.of("Retry-After", "0"));
        api.answer(503, "application/problem+json", full, Map.of("Retry-After", "0"));
        CliRun r = CliRun.run("publish", "orders", "--file", file.toString(), "--retries", "1", "--url", api.url());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(api.requests).hasSize(2);
        assertThat(api.requests.get(1).bodyText()).isEqualTo("[" + line(1) + "]");
        assertThat(r.err()).contains("disk full");
    }

    @Test
    void readsStdinAndPrintsASummaryWhenQuiet() {
        api.answer(200, "{\"results\":[{\"partition\":0,\"offset\":0,\"duplicate\":false},"
                + "{\"partition\":0,\"offset\":1,\"duplicate\":true}]}");
        CliRun r = CliRun.run(Map.of(), line(1) + "\n" + line(2), "publish", "orders", "--file", "-", "--quiet",
                "--url", api.url());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("{\"events\":2,\"duplicates\":1,\"batches\":1}\n");
    }

    @Test
    void reportsABadLineByNumberAndSendsNothingOfItsBatch() throws IOException {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, String.join("\n", List.of(line(1), line(2), line(3), "{\"specversion\":\"1.0\",\"id\":\"4\"}")));
        api.answer(200, "{\"results\":[{\"partition\":0,\"offset\":0,\"duplicate\":false},"
                + "{\"partition\":0,\"offset\":1,\"duplicate\":false}]}");
        CliRun r = CliRun.run("publish", "orders", "--file", file.toString(), "--batch-size", "2", "--url", api.url());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("line 4: source: is required").contains("2 events sent before it");
        assertThat(api.requests).hasSize(1); // the first batch only
    }

    @Test
    void continuesAStreamFromTheVersionTheLastBatchEndedAt() throws IOException {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, line(1) + "\n" + line(2) + "\n");
        api.answer(200, "{\"stream\":\"s-1\",\"currentVersion\":0,\"results\":[{\"partition\":0,\"offset\":0,\"version\":0}]}");
        api.answer(200, "{\"stream\":\"s-1\",\"currentVersion\":1,\"results\":[{\"partition\":0,\"offset\":1,\"version\":1}]}");
        CliRun r = CliRun.run("publish", "orders", "--file", file.toString(), "--batch-size", "1", "--stream", "s-1",
                "--expected-version", "no_stream", "--url", api.url());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(api.requests).extracting(FakeApi.Request::target).containsExactly(
                "/v1/buses/orders/streams/s-1/events?expectedVersion=no_stream",
                "/v1/buses/orders/streams/s-1/events?expectedVersion=0");
    }
}
