package dev.tributary.server.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.tributary.broker.delivery.Delivery;
import dev.tributary.broker.delivery.SendResult;
import dev.tributary.broker.delivery.Sink;
import dev.tributary.broker.subscription.SubscriptionSpec;
import dev.tributary.core.CloudEventJson;
import dev.tributary.core.delivery.Outcome;
import dev.tributary.core.delivery.Outcome.Kind;
import dev.tributary.core.delivery.Outcome.NetworkError;
import dev.tributary.core.delivery.WebhookSecret;
import dev.tributary.core.filter.EvaluationErrors;
import dev.tributary.server.delivery.ScriptedSink.Answer;
import dev.tributary.server.delivery.ScriptedSink.Received;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP sink against a real loopback receiver ({@link ScriptedSink}). The factory here allows private networks,
 * since the receiver is on loopback; the SSRF tests build their own with the default policy.
 */
class HttpSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Vertx vertx;

    private ScriptedSink sink;
    private HttpSinkFactory factory;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, SECONDS);
    }

    @BeforeEach
    void start() {
        sink = ScriptedSink.start();
        factory = new HttpSinkFactory(vertx, Clock.systemUTC(), new OutboundPolicy(true));
    }

    @AfterEach
    void stop() {
        factory.close();
        sink.close();
    }

    @Test
    void sendsBinaryModeWithCeHeadersAndTheDataBytesExactly() {
        byte[] data = {0, (byte) 0xFF, (byte) 0xFE, 'a', '\r', '\n', '"'};
        CloudEvent event = CloudEventBuilder.v1(event())
                .withData("application/octet-stream", data)
                .build();

        SendResult result = send(subscription(sink.url(), ""), event);

        assertThat(result.outcome().kind()).isEqualTo(Kind.DELIVERED);
        Received got = sink.received().get(0);
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo("/hook");
        assertThat(got.body()).isEqualTo(data);
        assertThat(got.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(got.header("ce-specversion")).isEqualTo("1.0");
        assertThat(got.header("ce-id")).isEqualTo("evt-1");
        assertThat(got.header("ce-source")).isEqualTo("/shop/orders");
        assertThat(got.header("ce-type")).isEqualTo("order.paid");
        assertThat(got.header("ce-subject")).isEqualTo("order%2042%20%E2%9C%93");
        assertThat(got.header("ce-time")).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(got.header("ce-tenant")).isEqualTo("acme");
        assertThat(got.header("user-agent")).startsWith("Tributary/");
        assertThat(got.header("webhook-signature")).isNull();
    }

    @Test
    void sendsStructuredModeAsOneCloudEventsJsonDocument() {
        SendResult result = send(subscription(sink.url(), ",\"protocolsettings\":{\"mode\":\"structured\"}"), event());

        assertThat(result.outcome().kind()).isEqualTo(Kind.DELIVERED);
        Received got = sink.received().get(0);
        assertThat(got.header("content-type")).isEqualTo("application/cloudevents+json");
        assertThat(got.header("ce-id")).isNull();
        CloudEvent back = CloudEventJson.parseEvent(got.body());
        assertThat(back.getId()).isEqualTo("evt-1");
        assertThat(back.getSubject()).isEqualTo("order 42 ✓");
        assertThat(back.getExtension("tenant")).isEqualTo("acme");
        assertThat(back.getData().toBytes()).isEqualTo(event().getData().toBytes());
    }

    @Test
    void sendsCustomHeadersAndABearerToken() {
        send(subscription(sink.url("/hook?team=crm"), """
                ,"protocolsettings": {"headers": {"X-Team": "crm", "x-trace": "t-1"}},
                 "sinkcredential": {"type": "bearer", "token": "s3cret"}"""), event());

        Received got = sink.received().get(0);
        assertThat(got.path()).isEqualTo("/hook?team=crm");
        assertThat(got.header("x-team")).isEqualTo("crm");
        assertThat(got.header("x-trace")).isEqualTo("t-1");
        assertThat(got.header("authorization")).isEqualTo("Bearer s3cret");
    }

    @Test
    void sendsBasicCredentials() {
        send(subscription(sink.url(), """
                ,"sinkcredential": {"type": "basic", "username": "ali", "password": "pä:ss"}"""), event());

        assertThat(sink.received().get(0).header("authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("ali:pä:ss".getBytes(UTF_8)));
    }

    @Test
    void signaturesVerifyWithTheReferenceLibraryForEitherSecretDuringRotation() throws Exception {
        SecureRandom random = new SecureRandom();
        WebhookSecret current = WebhookSecret.generate(random);
        WebhookSecret previous = WebhookSecret.generate(random);
        SubscriptionSpec signed = subscription(sink.url(), ",\"signing\":{\"secrets\":[\"" + current.encoded() + "\",\""
                + previous.encoded() + "\"]}");

        send(signed, event());

        Received got = sink.received().get(0);
        assertThat(got.header("webhook-id")).isEqualTo(Delivery.messageId("orders-crm", "b1", 0, 42));
        assertThat(got.header("webhook-signature").split(" ")).hasSize(2);
        // The library checks the timestamp against its own clock, hence the system clock in the factory.
        new Webhook(current.encoded()).verify(got.bodyText(), got.headers());
        new Webhook(previous.encoded()).verify(got.bodyText(), got.headers());
        Webhook stranger = new Webhook(WebhookSecret.generate(random).encoded());
        assertThatThrownBy(() -> stranger.verify(got.bodyText(), got.headers()))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void classifiesEachStatusClass() {
        sink.answer(Answer.status(200).body("ok"))
                .answer(204)
                .answer(410)
                .answer(Answer.status(400).body("amount: must be positive"))
                .answer(404)
                .answer(408)
                .answer(500)
                .answer(502);
        SubscriptionSpec subscription = subscription(sink.url(), "");

        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(send(subscription, event()));
        }

        assertThat(results).extracting(r -> r.outcome().kind()).containsExactly(
                Kind.DELIVERED, Kind.DELIVERED, Kind.GONE, Kind.REJECTED, Kind.REJECTED,
                Kind.RETRY, Kind.RETRY, Kind.RETRY);
        assertThat(results).extracting(r -> r.outcome().status().getAsInt())
                .containsExactly(200, 204, 410, 400, 404, 408, 500, 502);
        assertThat(results.get(0).excerpt()).contains("ok");
        assertThat(results.get(3).excerpt()).contains("amount: must be positive");
        assertThat(results.get(1).excerpt()).isEmpty();
    }

    @Test
    void honoursRetryAfterOn429And503() {
        sink.answer(Answer.status(429).header("Retry-After", "7"))
                .answer(Answer.status(503).header("Retry-After", "120"));
        SubscriptionSpec subscription = subscription(sink.url(), "");

        Outcome tooMany = send(subscription, event()).outcome();
        Outcome unavailable = send(subscription, event()).outcome();

        assertThat(tooMany.kind()).isEqualTo(Kind.RETRY);
        assertThat(tooMany.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(unavailable.kind()).isEqualTo(Kind.RETRY);
        assertThat(unavailable.retryAfter()).contains(Duration.ofSeconds(120));
    }

    @Test
    void neverFollowsARedirect() {
        sink.answer(Answer.redirect(301, sink.url("/elsewhere").toString()))
                .answer(Answer.redirect(307, sink.url("/elsewhere").toString()));
        SubscriptionSpec subscription = subscription(sink.url(), "");

        SendResult moved = send(subscription, event());
        SendResult temporary = send(subscription, event());

        assertThat(moved.outcome().kind()).isEqualTo(Kind.REDIRECT_REFUSED);
        assertThat(moved.outcome().status()).hasValue(301);
        assertThat(temporary.outcome().kind()).isEqualTo(Kind.REDIRECT_REFUSED);
        assertThat(sink.received()).extracting(Received::path).containsExactly("/hook", "/hook");
    }

    @Test
    void timesOutOnAStalledSink() {
        sink.answer(Answer.status(200).stall(Duration.ofMinutes(1)));

        SendResult result = send(subscription(sink.url(), ",\"delivery\":{\"timeout\":\"PT0.3S\"}"), event());

        assertThat(result.outcome().kind()).isEqualTo(Kind.RETRY);
        assertThat(result.outcome().error()).contains(NetworkError.TIMEOUT);
        assertThat(result.excerpt()).hasValueSatisfying(text -> assertThat(text).contains("no response within"));
        assertThat(sink.received()).hasSize(1);
    }

    @Test
    void retriesWhenTheConnectionIsRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        SendResult result = send(subscription(URI.create("http://127.0.0.1:" + closedPort + "/hook"), ""), event());

        assertThat(result.outcome().kind()).isEqualTo(Kind.RETRY);
        assertThat(result.outcome().error()).contains(NetworkError.CONNECTION);
        assertThat(result.excerpt()).hasValueSatisfying(text -> assertThat(text).contains("cannot connect"));
    }

    @Test
    void retriesWhenTheSinkDropsTheConnection() {
        sink.answer(Answer.drop());

        SendResult result = send(subscription(sink.url(), ""), event());

        assertThat(result.outcome().kind()).isEqualTo(Kind.RETRY);
        assertThat(result.outcome().error()).contains(NetworkError.CONNECTION);
        assertThat(sink.received()).hasSize(1);
    }

    @Test
    void readsAtMostOneKilobyteOfAHugeResponseAndSkipsTheRest() {
        long gigabyte = 1L << 30;
        sink.answer(Answer.streaming(200, gigabyte));

        SendResult result = send(subscription(sink.url(), ""), event());

        assertThat(result.outcome().kind()).isEqualTo(Kind.DELIVERED);
        assertThat(result.excerpt())
                .hasValueSatisfying(text -> assertThat(text).hasSize(SendResult.MAX_EXCERPT).matches("x+"));
        // The sender closed the connection rather than read a gigabyte.
        await().atMost(WAIT).until(() -> sink.streamsCutShort() == 1);
        assertThat(sink.bytesStreamed()).isLessThan(gigabyte);
    }

    @Test
    void keepsTheExcerptValidUtf8() {
        byte[] body = new byte[SendResult.MAX_EXCERPT + 10];
        Arrays.fill(body, (byte) 'a');
        // A two-byte character across the 1 KB boundary, and one invalid byte early on.
        body[SendResult.MAX_EXCERPT - 1] = (byte) 0xC3;
        body[SendResult.MAX_EXCERPT] = (byte) 0xA9;
        body[3] = (byte) 0xFF;
        sink.answer(Answer.status(400).body(body));

        SendResult result = send(subscription(sink.url(), ""), event());

        assertThat(result.excerpt()).hasValueSatisfying(text -> {
            assertThat(text).hasSize(SendResult.MAX_EXCERPT - 1);
            assertThat(text.charAt(3)).isEqualTo('\uFFFD');
            assertThat(text).endsWith("aaa");
        });
    }

    @Test
    void refusesLoopbackByDefaultAndSendsNothing() {
        try (HttpSinkFactory strict = new HttpSinkFactory(vertx, Clock.systemUTC(), OutboundPolicy.PUBLIC_ONLY)) {
            SendResult result = send(strict, subscription(sink.url(), ""), event());

            assertThat(result.outcome()).isEqualTo(Outcome.refused());
            assertThat(result.excerpt()).hasValueSatisfying(text -> assertThat(text).contains("127.0.0.1", "loopback"));
        }
        assertThat(sink.received()).isEmpty();
    }

    @Test
    void refusesAHostNameThatResolvesToLoopback() {
        try (HttpSinkFactory strict = new HttpSinkFactory(vertx, Clock.systemUTC(), OutboundPolicy.PUBLIC_ONLY)) {
            URI byName = URI.create("http://localhost:" + sink.port() + "/hook");

            SendResult result = send(strict, subscription(byName, ""), event());

            assertThat(result.outcome()).isEqualTo(Outcome.refused());
            assertThat(result.excerpt()).hasValueSatisfying(text -> assertThat(text).contains("localhost", "loopback"));
        }
        assertThat(sink.received()).isEmpty();
    }

    @Test
    void refusesAnIpv6LoopbackLiteral() {
        try (HttpSinkFactory strict = new HttpSinkFactory(vertx, Clock.systemUTC(), OutboundPolicy.PUBLIC_ONLY)) {
            URI ipv6 = URI.create("http://[::1]:" + sink.port() + "/hook");

            SendResult result = send(strict, subscription(ipv6, ""), event());

            assertThat(result.outcome()).isEqualTo(Outcome.refused());
            assertThat(result.excerpt())
                    .hasValueSatisfying(text -> assertThat(text).contains("0:0:0:0:0:0:0:1", "loopback"));
        }
    }

    @Test
    void connectsToTheCheckedAddressAndNamesTheHostInTheHostHeader() {
        URI byName = URI.create("http://localhost:" + sink.port() + "/hook");

        SendResult result = send(subscription(byName, ""), event());

        assertThat(result.outcome().kind()).isEqualTo(Kind.DELIVERED);
        assertThat(sink.received().get(0).header("host")).isEqualTo("localhost:" + sink.port());
    }

    @Test
    void deliversToABracketedIpv6Literal() throws Exception {
        ScriptedSink v6 = ScriptedSink.start(InetAddress.getByName("::1"));
        try {
            URI ipv6 = URI.create("http://[::1]:" + v6.port() + "/hook");

            SendResult result = send(subscription(ipv6, ""), event());

            assertThat(result.outcome().kind()).as(result.excerpt().orElse("")).isEqualTo(Kind.DELIVERED);
            assertThat(v6.received().get(0).header("host")).isEqualTo("[::1]:" + v6.port());
        } finally {
            v6.close();
        }
    }

    @Test
    void namesTheSettingsThatAllowARefusedAddress() {
        try (HttpSinkFactory strict = new HttpSinkFactory(vertx, Clock.systemUTC(), OutboundPolicy.PUBLIC_ONLY)) {
            SendResult result = send(strict, subscription(sink.url(), ""), event());

            assertThat(result.excerpt()).hasValueSatisfying(text ->
                    assertThat(text).contains("--allow-private-sinks", "--allowed-sink-networks"));
        }
    }

    @Test
    void refusesAPrivateAddressWithoutConnecting() {
        try (HttpSinkFactory strict = new HttpSinkFactory(vertx, Clock.systemUTC(), OutboundPolicy.PUBLIC_ONLY)) {
            // Were it tried, an attempt to this unrouted address would end as a timeout or connection error, not so.
            SendResult result = send(strict, subscription(URI.create("http://10.0.0.1/hook"), ""), event());

            assertThat(result.outcome()).isEqualTo(Outcome.refused());
            assertThat(result.excerpt()).hasValueSatisfying(text -> assertThat(text).contains("10.0.0.1 is a private"));
        }
    }

    @Test
    void allowsLoopbackWhenThePolicyAllowsPrivateNetworksOrListsIt() {
        OutboundPolicy listed = new OutboundPolicy(false, List.of(Cidr.parse("127.0.0.0/8")));
        try (HttpSinkFactory allowing = new HttpSinkFactory(vertx, Clock.systemUTC(), listed)) {
            SendResult result = send(allowing, subscription(sink.url(), ""), event());
            assertThat(result.outcome().kind()).isEqualTo(Kind.DELIVERED);
        }
        assertThat(send(subscription(sink.url(), ""), event()).outcome().kind()).isEqualTo(Kind.DELIVERED);
        assertThat(sink.received()).hasSize(2);
    }

    @Test
    void servesConcurrentSendsFromManyThreads() throws Exception {
        int threads = 4;
        int perThread = 25;
        List<CompletableFuture<SendResult>> results = new ArrayList<>();
        try (Sink http = factory.open(subscription(sink.url(), ""));
                ExecutorService dispatchers = Executors.newFixedThreadPool(threads)) {
            List<Future<List<CompletableFuture<SendResult>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                submitted.add(dispatchers.submit(() -> {
                    List<CompletableFuture<SendResult>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(http.send(delivery(event(), base + i)));
                    }
                    return mine;
                }));
            }
            for (var f : submitted) {
                results.addAll(f.get(10, SECONDS));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, SECONDS);
        }

        assertThat(results).allSatisfy(f -> assertThat(f.join().outcome().kind()).isEqualTo(Kind.DELIVERED));
        assertThat(sink.received()).hasSize(threads * perThread);
    }

    @Test
    void opensHttpSinksOnly() {
        SubscriptionSpec forwarding = spec("{\"id\":\"fwd\",\"bus\":\"orders\",\"sink\":\"bus:archive\"}");

        assertThatThrownBy(() -> factory.open(forwarding))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bus:archive");
    }

    private SendResult send(SubscriptionSpec subscription, CloudEvent event) {
        return send(factory, subscription, event);
    }

    private static SendResult send(HttpSinkFactory factory, SubscriptionSpec subscription, CloudEvent event) {
        try (Sink http = factory.open(subscription)) {
            return http.send(delivery(event, 42)).get(30, SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the send future must complete normally", e);
        }
    }

    private static Delivery delivery(CloudEvent event, long offset) {
        String messageId = Delivery.messageId("orders-crm", "b1", 0, offset);
        return new Delivery("orders-crm", event, 0, offset, 1, messageId, Instant.now());
    }

    private static CloudEvent event() {
        return CloudEventBuilder.v1()
                .withId("evt-1")
                .withSource(URI.create("/shop/orders"))
                .withType("order.paid")
                .withSubject("order 42 ✓")
                .withTime(OffsetDateTime.parse("2026-01-02T03:04:05Z"))
                .withExtension("tenant", "acme")
                .withData("application/json", "{\"amount\": 100}".getBytes(UTF_8))
                .build();
    }

    /** A subscription delivering to {@code url}; {@code more} adds members, starting with a comma. */
    private static SubscriptionSpec subscription(URI url, String more) {
        return spec("{\"id\":\"orders-crm\",\"bus\":\"orders\",\"sink\":\"" + url + "\"" + more + "}");
    }

    private static SubscriptionSpec spec(String json) {
        try {
            return SubscriptionSpec.fromJson(JSON.readTree(json), "unused", EvaluationErrors.ignore());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
