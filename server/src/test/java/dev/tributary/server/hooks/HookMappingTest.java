package dev.tributary.server.hooks;

import static dev.tributary.server.hooks.TestRequests.utf8;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The documented default mapping of each provider, on requests signed by the providers' libraries (the vectors),
 * and what a hook's options change: fixed type and source, header extensions. Data is always the body, byte for
 * byte.
 */
class HookMappingTest {
    private static final String HOOK = "inbox";

    @Test
    void mapsAGitHubPullRequestToTypeWithActionAndRepositorySource() {
        Vectors.Vector v = Vectors.named("github.json", "signed with the current secret");

        CloudEvent event = single(v);

        assertThat(event.getId()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(event.getType()).isEqualTo("com.github.pull_request.opened");
        assertThat(event.getSource()).isEqualTo(URI.create("https://github.com/tributary-dev/tributary"));
        assertThat(event.getSubject()).isEqualTo("tributary-dev/tributary");
        assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2026-01-01T00:00:00Z"));
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getData().toBytes()).isEqualTo(utf8(v.body()));
    }

    @Test
    void mapsAGitHubEventWithoutActionToTheEventAlone() {
        CloudEvent push = single(Vectors.named("github.json", "push event without action"));
        CloudEvent ping = single(Vectors.named("github.json",
                "GitHub's documented example (secret \"It's a Secret to Everybody\")"));

        assertThat(push.getType()).isEqualTo("com.github.push");
        assertThat(push.getId()).isEqualTo("8f1e0c52-cc78-11e3-81ab-4c9367dc0958");
        // "Hello, World!" is no JSON: no repository, so the hook's own source and no subject.
        assertThat(ping.getType()).isEqualTo("com.github.ping");
        assertThat(ping.getSource()).isEqualTo(URI.create("/hooks/" + HOOK));
        assertThat(ping.getSubject()).isNull();
    }

    @Test
    void readsAFormEncodedGitHubDeliveryLikeAJsonOne() {
        String json = "{\"action\":\"created\",\"repository\":{\"full_name\":\"o/r\"}}";
        String body = "payload=" + URLEncoder.encode(json, UTF_8);
        String secret = "form-secret";
        HookRequest request = TestRequests.post(Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "X-GitHub-Event", "star",
                "X-GitHub-Delivery", "d-1",
                "X-Hub-Signature-256", "sha256=" + TestRequests.hex("HmacSHA256", secret, utf8(body))), body);

        CloudEvent event = single(new GitHubConfig(List.of(HookSecret.of(secret)), EventOptions.none()), request);

        assertThat(event.getType()).isEqualTo("com.github.star.created");
        assertThat(event.getSource()).isEqualTo(URI.create("https://github.com/o/r"));
        assertThat(event.getDataContentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(event.getData().toBytes()).isEqualTo(utf8(body));
    }

    @Test
    void mapsAStripeEventWithItsIdTypeObjectAndCreatedTime() {
        Vectors.Vector v = Vectors.named("stripe.json", "signed with the current secret");

        CloudEvent event = single(v);

        assertThat(event.getId()).isEqualTo("evt_1QkX2bTributary");
        assertThat(event.getType()).isEqualTo("com.stripe.invoice.paid");
        assertThat(event.getSubject()).isEqualTo("in_1QkX2aTributary");
        assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2025-12-31T23:59:50Z"));
        assertThat(event.getSource()).isEqualTo(URI.create("/hooks/" + HOOK));
        assertThat(event.getDataContentType()).isEqualTo("application/json; charset=utf-8");
        // Pretty-printed with newlines and a non-ASCII name: kept exactly, never re-serialised.
        assertThat(event.getData().toBytes()).isEqualTo(utf8(v.body()));
    }

    @Test
    void mapsAStandardWebhooksMessageWithTheBodysTypeAndTimestamp() {
        CloudEvent event = single(Vectors.named("standard-webhooks.json", "signed with the current secret"));
        CloudEvent svix = single(Vectors.named("svix.json", "signed with the current secret"));

        assertThat(event.getId()).isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
        assertThat(event.getType()).isEqualTo("invoice.paid");
        assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2025-12-31T23:59:50Z"));
        assertThat(svix.getId()).isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
        assertThat(svix.getType()).isEqualTo("invoice.paid");
    }

    @Test
    void fallsBackToTheConfiguredTypeAndTheHeaderTimeForAStandardWebhookWithoutThem() {
        Vectors.Vector v = Vectors.named("standard-webhooks.json", "body without a type");
        ObjectNode withDefault = v.config().deepCopy();
        withDefault.put("defaultType", "com.example.ping");

        CloudEvent unconfigured = single(v);
        CloudEvent configured = single(HookConfig.fromJson(withDefault), v.request());

        assertThat(unconfigured.getId()).isEqualTo("msg_ping");
        assertThat(unconfigured.getType()).isEqualTo("dev.tributary.hook." + HOOK);
        assertThat(unconfigured.getTime()).isEqualTo(OffsetDateTime.parse("2025-12-31T23:59:55Z"));
        assertThat(configured.getType()).isEqualTo("com.example.ping");
    }

    @Test
    void mapsAShopifyWebhookWithTopicShopAndTriggerTime() {
        Vectors.Vector v = Vectors.named("shopify.json", "signed with the current secret");

        CloudEvent event = single(v);

        assertThat(event.getId()).isEqualTo("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        assertThat(event.getType()).isEqualTo("com.shopify.orders.create");
        assertThat(event.getSource()).isEqualTo(URI.create("https://tributary-test.myshopify.com"));
        assertThat(event.getSubject()).isEqualTo("820982911946154508");
        assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2025-12-31T23:59:58.123456789Z"));
        assertThat(event.getData().toBytes()).isEqualTo(utf8(v.body()));
    }

    @Test
    void usesTheShopifyEventIdWhenThereIsNoWebhookId() {
        Vectors.Vector v = Vectors.named("shopify.json", "signed with the current secret");
        Map<String, String> headers = new LinkedHashMap<>(v.headers());
        headers.remove("X-Shopify-Webhook-Id");

        CloudEvent event = single(v.hookConfig(), TestRequests.post(headers, v.body()));

        assertThat(event.getId()).isEqualTo("98880550-7158-44d4-b7cd-2c97c8a091b5");
    }

    @Test
    void mapsASlackEventCallbackToTheInnerEventType() {
        CloudEvent event = single(Vectors.named("slack.json", "signed with the current secret"));

        assertThat(event.getId()).isEqualTo("Ev123ABC456");
        assertThat(event.getType()).isEqualTo("com.slack.app_mention");
        assertThat(event.getTime()).isEqualTo(Instant.ofEpochSecond(1767225595).atOffset(ZoneOffset.UTC));
    }

    @Test
    void mapsASlackSlashCommandWithABodyHashIdAndTheRequestTime() {
        Vectors.Vector v = Vectors.named("slack.json", "Slack's documented example (a slash command)");

        CloudEvent event = single(v);

        assertThat(event.getType()).isEqualTo("com.slack.command");
        assertThat(event.getId()).isEqualTo(sha256Hex(v.body())).hasSize(64);
        assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2018-07-12T18:36:58Z"));
        assertThat(event.getDataContentType()).isEqualTo("application/x-www-form-urlencoded");
    }

    @Test
    void mapsGenericHmacWebhooksByIdHeaderOrBodyHash() {
        CloudEvent withIdHeader = single(Vectors.named("hmac-sha256-hex.json", "signed with the current secret"));
        Vectors.Vector stamped = Vectors.named("hmac-sha512-base64-timestamp.json", "signed with the current secret");
        CloudEvent withoutIdHeader = single(stamped);

        assertThat(withIdHeader.getId()).isEqualTo("dlv_0001");
        assertThat(withIdHeader.getType()).isEqualTo("com.example.order");
        assertThat(withoutIdHeader.getId()).isEqualTo(sha256Hex(stamped.body()));
        assertThat(withoutIdHeader.getType()).isEqualTo("dev.tributary.hook." + HOOK);
        assertThat(withoutIdHeader.getTime()).isEqualTo(OffsetDateTime.parse("2025-12-31T23:59:30Z"));
    }

    @Test
    void givesRetriesOfOneDeliveryTheSameIdWhenTheSenderGivesNone() {
        Vectors.Vector v = Vectors.named("hmac-sha512-base64-timestamp.json", "signed with the current secret");
        Vectors.Vector rotated = Vectors.named("hmac-sha512-base64-timestamp.json",
                "signed with the previous secret (rotation)");

        assertThat(single(v).getId()).isEqualTo(single(rotated).getId());
    }

    @Test
    void keepsABinaryBodyByteForByte() {
        byte[] body = {(byte) 0xff, 0, (byte) 0xfe, '{', '\r', '\n', (byte) 0x80, 0x7f};
        HmacConfig config = (HmacConfig) HookConfig.fromJson(json(
                "{\"provider\":\"hmac\",\"secrets\":[\"k\"],\"header\":\"X-Sig\",\"encoding\":\"base64\"}"));
        HookRequest request = TestRequests.post(Map.of(
                "Content-Type", "application/octet-stream",
                "X-Sig", TestRequests.base64("HmacSHA256", "k", body)), body);

        CloudEvent event = single(config, request);

        assertThat(event.getData().toBytes()).isEqualTo(body);
        assertThat(event.getDataContentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void replacesTypeAndSourceWithTheHooksFixedValues() {
        Vectors.Vector v = Vectors.named("github.json", "signed with the current secret");
        ObjectNode config = v.config().deepCopy();
        config.put("type", "com.example.review");
        config.put("source", "https://ci.example.com/reviews");

        CloudEvent event = single(HookConfig.fromJson(config), v.request());

        assertThat(event.getType()).isEqualTo("com.example.review");
        assertThat(event.getSource()).isEqualTo(URI.create("https://ci.example.com/reviews"));
        assertThat(event.getId()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    }

    @Test
    void needsNoTypeHeaderWhenTheTypeIsFixed() {
        Vectors.Vector v = Vectors.named("github.json", "signed with the current secret");
        Map<String, String> headers = new LinkedHashMap<>(v.headers());
        headers.remove("X-GitHub-Event");
        ObjectNode fixed = v.config().deepCopy();
        fixed.put("type", "com.example.review");

        HookOutcome unfixed = hook(v.hookConfig()).receive(TestRequests.post(headers, v.body()));
        CloudEvent event = single(HookConfig.fromJson(fixed), TestRequests.post(headers, v.body()));

        assertThat(unfixed).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.field()).isEqualTo("X-GitHub-Event");
            assertThat(r.label()).isEqualTo("invalid-event");
        });
        assertThat(event.getType()).isEqualTo("com.example.review");
    }

    @Test
    void copiesChosenHeadersIntoExtensions() {
        Vectors.Vector v = Vectors.named("github.json", "signed with the current secret");
        ObjectNode config = v.config().deepCopy();
        config.putObject("extensions")
                .put("x-github-hook-id", "githubhookid")
                .put("User-Agent", "useragent")
                .put("X-Not-Sent", "notsent");

        CloudEvent event = single(HookConfig.fromJson(config), v.request());

        assertThat(event.getExtension("githubhookid")).isEqualTo("292430182");
        assertThat(event.getExtension("useragent")).isEqualTo("GitHub-Hookshot/044aadd");
        assertThat(event.getExtensionNames()).doesNotContain("notsent");
    }

    @Test
    void joinsAHeaderSentSeveralTimesIntoOneExtension() {
        String body = "{\"order\":1}";
        HmacConfig config = (HmacConfig) HookConfig.fromJson(json("{\"provider\":\"hmac\",\"secrets\":[\"k\"],"
                + "\"header\":\"X-Sig\",\"extensions\":{\"X-Tag\":\"tags\",\"X-Key\":\"partitionkey\"}}"));
        HookRequest request = TestRequests.request("POST", "", List.of(
                Map.entry("X-Sig", TestRequests.hex("HmacSHA256", "k", utf8(body))),
                Map.entry("X-Tag", "blue"),
                Map.entry("x-tag", "green"),
                Map.entry("X-Key", "customer-7")), utf8(body));

        CloudEvent event = single(config, request);

        assertThat(event.getExtension("tags")).isEqualTo("blue, green");
        assertThat(event.getExtension("partitionkey")).isEqualTo("customer-7");
        assertThat(event.getDataContentType()).isNull();
        assertThat(event.getData().toBytes()).isEqualTo(utf8(body));
    }

    @Test
    void refusesAProviderValueThatWouldMakeABadType() {
        String body = "{}";
        String secret = "s";
        HookRequest request = TestRequests.post(Map.of(
                "Content-Type", "application/json",
                "X-Shopify-Topic", "orders/create now",
                "X-Shopify-Hmac-Sha256", TestRequests.base64("HmacSHA256", secret, utf8(body))), body);

        HookOutcome outcome = hook(new ShopifyConfig(List.of(HookSecret.of(secret)), null)).receive(request);

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.field()).isEqualTo("X-Shopify-Topic");
        });
    }

    @Test
    void takesACloudEventsDeliveryAsTheEventsItCarries() {
        CloudEventsConfig config = (CloudEventsConfig) HookConfig.fromJson(json(
                "{\"provider\":\"cloudevents\",\"tokens\":[\"token-0123456789abcdef\"],"
                        + "\"extensions\":{\"WebHook-Request-Origin\":\"origin\"}}"));
        byte[] data = utf8("{ \"n\" : 1 }");
        HookRequest binary = TestRequests.request("POST", "", List.of(
                Map.entry("Authorization", "Bearer token-0123456789abcdef"),
                Map.entry("WebHook-Request-Origin", "eventemitter.example.com"),
                Map.entry("ce-specversion", "1.0"),
                Map.entry("ce-id", "e-1"),
                Map.entry("ce-source", "/orders"),
                Map.entry("ce-type", "com.example.order.created"),
                Map.entry("ce-tenant", "acme"),
                Map.entry("Content-Type", "application/json")), data);

        CloudEvent event = single(config, binary);

        assertThat(event.getId()).isEqualTo("e-1");
        assertThat(event.getType()).isEqualTo("com.example.order.created");
        assertThat(event.getSource()).isEqualTo(URI.create("/orders"));
        assertThat(event.getExtension("tenant")).isEqualTo("acme");
        assertThat(event.getExtension("origin")).isEqualTo("eventemitter.example.com");
        assertThat(event.getData().toBytes()).isEqualTo(data);
    }

    @Test
    void readsStructuredAndBatchCloudEventsAndAppliesFixedValuesToEach() {
        CloudEventsConfig config = (CloudEventsConfig) HookConfig.fromJson(json(
                "{\"provider\":\"cloudevents\",\"tokens\":[\"token-0123456789abcdef\"],\"type\":\"com.example.fixed\","
                        + "\"source\":\"/fixed\"}"));
        String one = "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"/s\",\"type\":\"t\",\"data\":{\"x\": 1}}";
        String two = "{\"specversion\":\"1.0\",\"id\":\"b\",\"source\":\"/s\",\"type\":\"t\"}";

        CloudEvent structured = single(config, TestRequests.post(Map.of(
                "Authorization", "Bearer token-0123456789abcdef",
                "Content-Type", "application/cloudevents+json; charset=utf-8"), one));
        HookOutcome batch = hook(config).receive(TestRequests.post(Map.of(
                "Authorization", "Bearer token-0123456789abcdef",
                "Content-Type", "application/cloudevents-batch+json"), "[" + one + "," + two + "]"));

        assertThat(structured.getId()).isEqualTo("a");
        assertThat(structured.getType()).isEqualTo("com.example.fixed");
        assertThat(structured.getData().toBytes()).isEqualTo(utf8("{\"x\": 1}"));
        assertThat(batch).isInstanceOfSatisfying(HookOutcome.Accepted.class, a -> {
            assertThat(a.events()).extracting(CloudEvent::getId).containsExactly("a", "b");
            assertThat(a.events()).extracting(e -> e.getSource().toString()).containsOnly("/fixed");
        });
    }

    private static CloudEvent single(Vectors.Vector vector) {
        assertThat(vector.ok()).as("a positive vector").isTrue();
        return single(vector.hookConfig(), vector.request());
    }

    private static CloudEvent single(HookConfig config, HookRequest request) {
        HookOutcome outcome = hook(config).receive(request);
        assertThat(outcome).isInstanceOf(HookOutcome.Accepted.class);
        List<CloudEvent> events = ((HookOutcome.Accepted) outcome).events();
        assertThat(events).hasSize(1);
        return events.getFirst();
    }

    private static Hook hook(HookConfig config) {
        return Hook.of(HOOK, config, HookLimits.defaults());
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String sha256Hex(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(body)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
