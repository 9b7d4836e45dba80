package dev.tributary.client;

import static dev.tributary.client.PublishAndReadTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials: none, one without the scope, one over its rate, one from the environment; never shown. */
class AccessTest {
    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(dir);
        try (TributaryClient admin = node.adminClient()) {
            admin.createBus("guarded", 1);
            admin.createBus("metered", 1);
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aRequestWithoutATokenIsUnauthorized() {
        try (TributaryClient anonymous = TributaryClient.builder(node.url()).build()) {
            assertThatThrownBy(anonymous::listBuses).isInstanceOfSatisfying(TributaryException.class, e -> {
                assertThat(e.kind()).isEqualTo(TributaryException.Kind.UNAUTHORIZED);
                assertThat(e.problem().member("reason")).contains("missing-credential");
            });
        }
    }

    @Test
    void aKeyWithoutTheRoutesScopeIsForbiddenNamingTheScope() throws Exception {
        String reader = node.createKey("{\"name\":\"reader\",\"scopes\":[\"read:guarded\"]}");
        try (TributaryClient client = TributaryClient.builder(node.url()).token(reader).build()) {
            assertThat(client.readPartition("guarded", 0, 0, 10).events()).isEmpty();

            assertThatThrownBy(() -> client.publish("guarded", event("f-1", "{}")))
                    .isInstanceOfSatisfying(TributaryException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TributaryException.Kind.FORBIDDEN);
                        assertThat(e.problem().member("scope")).contains("publish:guarded");
                    });
        }
    }

    @Test
    void aKeyOverItsEventRateIsRateLimitedAndToldWhenToRetry() throws Exception {
        String metered = node.createKey("{\"name\":\"metered\",\"scopes\":[\"publish:metered\"],"
                + "\"limits\":{\"eventsPerSecond\":1}}");
        // A full bucket lets one batch through whatever its size and leaves the key 99 s in debt, so the next
        // publish is refused however quickly or slowly it follows.
        List<CloudEvent> hundred = IntStream.range(0, 100).mapToObj(i -> event("r-" + i, "{}")).toList();
        try (TributaryClient client = TributaryClient.builder(node.url()).token(metered).build()) {
            client.publishBatch("metered", hundred);

            assertThatThrownBy(() -> client.publish("metered", event("r-100", "{}")))
                    .isInstanceOfSatisfying(TributaryException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TributaryException.Kind.RATE_LIMITED);
                        assertThat(e.retryAfter()).hasValueSatisfying(
                                wait -> assertThat(wait).isGreaterThan(Duration.ofSeconds(1)));
                    });
        }
    }

    @Test
    void theTokenCanComeFromTheEnvironmentButOnlyWhenAskedFor() {
        try (TributaryClient client = TributaryClient.builder(node.url())
                .tokenFromEnvironment(Map.of(TributaryClient.TOKEN_VARIABLE, " " + node.adminToken + "\n"))
                .build()) {
            assertThat(client.listBuses()).extracting(Bus::name).contains("guarded");
        }
        assertThatThrownBy(() -> TributaryClient.builder(node.url()).tokenFromEnvironment(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TRIBUTARY_TOKEN is not set");
    }

    @Test
    void theTokenAppearsInNoMessageAndNoToString() {
        String wrong = "tbk_abcdefghijkl_" + "s".repeat(43);
        try (TributaryClient client = TributaryClient.builder(node.url()).token(wrong).build()) {
            assertThat(client.toString()).doesNotContain(wrong).contains(node.url(), "with a token");
            assertThatThrownBy(client::listBuses).isInstanceOfSatisfying(TributaryException.class, e -> {
                assertThat(e.kind()).isEqualTo(TributaryException.Kind.UNAUTHORIZED);
                assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain("sssss");
            });
        }
        assertThatThrownBy(() -> TributaryClient.builder(node.url()).token("has a space " + wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(wrong);
    }
}
