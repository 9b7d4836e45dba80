package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.server.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections are bounded: in number, in idle time, and in the time a request head may take to arrive. */
class ConnectionLimitsApiTest {
    /** How long a test waits for the server to close a connection; far above the limits set below. */
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private TestNode node;
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
    private final List<RawHttp> sockets = new ArrayList<>();

    @AfterEach
    void stop() {
        trickler.shutdownNow();
        sockets.forEach(RawHttp::close);
        if (node != null) {
            node.close();
        }
    }

    private void start(HttpLimits limits) {
        node = new TestNode(NodeConfig.defaults().withPort(0).withDataDir(dir).withHttp(limits));
    }

    private RawHttp connect() {
        RawHttp socket = new RawHttp(node.node.port(), PATIENCE);
        sockets.add(socket);
        return socket;
    }

    /** Writes {@code text} a byte at a time, every 100 ms, as a slowloris client does. */
    private void trickle(RawHttp socket, String text) {
        for (int i = 0; i < text.length(); i++) {
            String one = text.substring(i, i + 1);
            trickler.schedule(() -> socket.write(one), 100L * i, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void closesAConnectionWhoseFirstHeadIsNotCompleteInTime() {
        start(HttpLimits.defaults().withHeaderTimeout(Duration.ofSeconds(1)));
        RawHttp socket = connect();

        trickle(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "s".repeat(200));

        assertThat(socket.read().status()).isEqualTo(-1);
        assertThat(socket.closedByServer()).isTrue();
    }

    @Test
    void closesAKeptAliveConnectionTricklingItsNextHead() {
        start(HttpLimits.defaults().withIdleTimeout(Duration.ofSeconds(2)).withHeaderTimeout(Duration.ofSeconds(1)));
        RawHttp socket = connect();
        socket.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(socket.read().status()).isEqualTo(200);

        trickle(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "s".repeat(200));

        assertThat(socket.read().status()).isEqualTo(-1);
        assertThat(socket.closedByServer()).isTrue();
    }

    @Test
    void closesAConnectionThatStaysIdle() {
        start(HttpLimits.defaults().withIdleTimeout(Duration.ofSeconds(1)));
        RawHttp socket = connect();
        socket.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(socket.read().status()).isEqualTo(200);

        assertThat(socket.closedByServer()).isTrue();
    }

    @Test
    void closesAConnectionWhoseBodyStalls() {
        start(HttpLimits.defaults().withIdleTimeout(Duration.ofSeconds(1)));
        RawHttp socket = connect();
        socket.write("POST /v1/buses HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"name\":");

        assertThat(socket.read().status()).isEqualTo(-1);
        assertThat(socket.closedByServer()).isTrue();
    }

    @Test
    void keepsAQuietFollowAliveWithCommentsWithinTheIdleTimeout() {
        start(HttpLimits.defaults().withIdleTimeout(Duration.ofSeconds(1)));
        node.createBus("quiet", 1);
        RawHttp socket = connect();
        socket.write("GET /v1/buses/quiet/follow HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(socket.read().status()).isEqualTo(200);

        // a comment comes every half idle timeout: three of them span more than an idle timeout
        for (int i = 0; i < 3; i++) {
            assertThat(socket.readUntil(": keep-alive")).isTrue();
        }
        node.post("/v1/buses/quiet/events", "application/cloudevents+json", TestNode.event("late"));
        assertThat(socket.readUntil("\"late\"")).isTrue();
    }

    @Test
    void refusesConnectionsBeyondTheLimit() {
        start(HttpLimits.defaults().withMaxConnections(2));
        for (int i = 0; i < 2; i++) {
            RawHttp admitted = connect();
            admitted.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(admitted.read().status()).isEqualTo(200);
        }

        RawHttp third = connect();
        third.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
        RawHttp.Answer refused = third.read();
        assertThat(refused.status()).isEqualTo(-1);
        assertThat(refused.timedOut()).isFalse();

        sockets.get(0).close();
        await().atMost(PATIENCE).until(() -> RawHttp.exchange(node.node.port(),
                        "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .status() == 200);
    }
}
