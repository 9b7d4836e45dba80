package dev.tributary.server.http;

import static dev.tributary.server.http.BusApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.server.NodeConfig;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptionApiTest {

    @Test
    void reportsCorruptionInASealedSegmentNamingTheFileAndPosition(@TempDir Path dir) throws Exception {
        NodeConfig d = NodeConfig.defaults();
        NodeConfig config = new NodeConfig("127.0.0.1", 0, dir, d.durability(), 1024 * 1024, d.dedupWindow(),
                d.maxEventBytes(), d.maxBatchEvents(), d.maxBatchBytes(), false, d.attemptRetention());
        String data = "y".repeat(8 * 1024);
        try (TestNode node = new TestNode(config)) {
            node.createBus("fragile", 1);
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 200; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"specversion\":\"1.0\",\"id\":\"c" + i
                        + "\",\"source\":\"/c\",\"type\":\"t\",\"data\":\"" + data + "\"}");
            }
            for (int round = 0; round < 2; round++) {
                String body = batch.toString().replace("\"id\":\"c", "\"id\":\"r" + round + "-") + "]";
                assertThat(node.post("/v1/buses/fragile/events", "application/cloudevents-batch+json", body).statusCode())
                        .isEqualTo(200);
            }
            assertThat(json(node.get("/v1/buses/fragile")).get("partitionStats").get(0).get("segments").asInt())
                    .isGreaterThan(1);
        }
        Path first;
        try (Stream<Path> files = Files.list(dir.resolve("buses/fragile/0"))) {
            List<Path> logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
            first = logs.get(0);
        }
        try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0xff);
        }
        try (TestNode node = new TestNode(config)) {
            HttpResponse<String> read = node.get("/v1/buses/fragile/partitions/0/events?from=0&limit=1000");
            assertThat(read.statusCode()).isEqualTo(500);
            JsonNode problem = json(read);
            assertThat(problem.get("type").asText()).endsWith("corrupt-log");
            assertThat(problem.get("file").asText()).isEqualTo(first.toString());
            assertThat(problem.get("detail").asText()).contains(first.getFileName().toString()).contains("position");
            assertThat(node.get("/metrics").body()).containsPattern("tributary_corruptions_total\\{bus=\"fragile\"} [1-9]");
            // Events before the damage stay readable.
            JsonNode head = json(node.get("/v1/buses/fragile/partitions/0/events?from=0&limit=5"));
            assertThat(head.get("events")).hasSize(5);
        }
    }
}
