package dev.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a caller sees when no node answers, or something else answers in its place; and which URLs it accepts. */
class ConnectionTest {
    @Test
    void aPortNobodyListensOnIsUnreachableNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        try (TributaryClient client = TributaryClient.builder(url).build()) {
            assertThatThrownBy(client::listBuses).isInstanceOfSatisfying(TributaryConnectionException.class, e -> {
                assertThat(e.reason()).isEqualTo(TributaryConnectionException.Reason.UNREACHABLE);
                assertThat(e).hasMessageStartingWith("cannot connect to " + url);
            });
        }
    }

    @Test
    void aServerThatNeverAnswersIsATimeoutAfterTheRequestTimeout() throws Exception {
        // the kernel completes connections to a listening socket that never accepts, so the request waits
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                TributaryClient client = TributaryClient.builder("http://127.0.0.1:" + silent.getLocalPort())
                        .requestTimeout(Duration.ofMillis(300))
                        .build()) {
            assertThatThrownBy(() -> client.getBus("orders"))
                    .isInstanceOfSatisfying(TributaryConnectionException.class, e -> {
                        assertThat(e.reason()).isEqualTo(TributaryConnectionException.Reason.TIMEOUT);
                        assertThat(e).hasMessageContaining("GET http://127.0.0.1:" + silent.getLocalPort()
                                + "/v1/buses/orders within PT0.3S");
                    });
        }
    }

    @Test
    void anAnswerThatIsNotAProblemDocumentIsStillATributaryExceptionWithAnExcerpt() throws Exception {
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] page = "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "text/html");
            exchange.getResponseHeaders().add("retry-after", "7");
            exchange.sendResponseHeaders(502, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        proxy.start();
        try (TributaryClient client = TributaryClient.builder("http://127.0.0.1:" + proxy.getAddress().getPort())
                .build()) {
            assertThatThrownBy(client::listBuses).isInstanceOfSatisfying(TributaryException.class, e -> {
                assertThat(e.kind()).isEqualTo(TributaryException.Kind.SERVER_ERROR);
                assertThat(e.status()).isEqualTo(502);
                assertThat(e.type()).isEqualTo("about:blank");
                assertThat(e.detail()).isEqualTo("<html>Bad gateway</html>");
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            });
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void acceptsHttpAndHttpsUrlsWithAHostAndNothingThatWouldLeakOrMislead() {
        assertThat(TributaryClient.builder("https://node.example.com:8080/").build())
                .hasToString("TributaryClient[https://node.example.com:8080, without a token]");
        assertThatThrownBy(() -> TributaryClient.builder("ftp://node.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> TributaryClient.builder("https://user:secret@node.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("url must not carry credentials: give them with token()");
        assertThatThrownBy(() -> TributaryClient.builder("https://node.example.com/?token=x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
        assertThatThrownBy(() -> TributaryClient.builder("http://127.0.0.1:1").requestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requestTimeout must be positive, was PT0S");
    }
}
