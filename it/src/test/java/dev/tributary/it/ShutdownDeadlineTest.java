package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop has a deadline: with a delivery in flight to a sink that accepts the connection and never answers, SIGTERM
 * ends the process within {@code shutdown-timeout} (exit code 3, saying why) instead of waiting for the attempt.
 */
class ShutdownDeadlineTest {
    @TempDir
    Path data;

    private NodeProcess node;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        if (node != null) {
            node.close();
        }
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    void aStopWithADeliveryStuckInASilentSinkEndsWithinTheShutdownTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never read, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            node = NodeProcess.start(data, "shutdown-deadline", "--allow-private-sinks", "--shutdown-timeout", "PT3S");
            assertThat(Http.post(node.uri("/v1/buses"), "application/json", "{\"name\":\"stuck\"}").status())
                    .isEqualTo(201);
            ObjectNode subscription = Http.JSON.createObjectNode()
                    .put("id", "silent").put("bus", "stuck").put("startAt", "earliest")
                    .put("sink", "http://127.0.0.1:" + silent.getLocalPort() + "/hook");
            subscription.putObject("delivery").put("timeout", "PT30S");
            Http.Answer created = Http.post(node.uri("/v1/subscriptions"), "application/json", subscription.toString());
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            Http.Answer published = Http.post(node.uri("/v1/buses/stuck/events"), "application/cloudevents+json",
                    "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/it\",\"type\":\"it.stuck\"}");
            assertThat(published.status()).as(published.text()).isEqualTo(200);
            await("the delivery reached the silent sink").atMost(Duration.ofSeconds(30)).until(() -> !held.isEmpty());

            long began = System.nanoTime();
            int exit = node.stop();
            Duration took = Duration.ofNanos(System.nanoTime() - began);

            assertThat(exit).as("exit code after %s", took).isEqualTo(3);
            assertThat(took).isLessThan(Duration.ofSeconds(20));
            assertThat(Files.readString(NodeProcess.LOGS.resolve("shutdown-deadline.err")))
                    .contains("longer than shutdown-timeout (PT3S)");
        }
    }
}
