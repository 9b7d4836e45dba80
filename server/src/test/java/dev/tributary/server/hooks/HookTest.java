package dev.tributary.server.hooks;

import static dev.tributary.server.hooks.TestRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.InvalidFieldException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The stages a request passes in {@link Hook#receive}: the size limit first, the method, verification, Slack's and
 * the CloudEvents handshakes, mapping; and the outcome each stage answers with.
 */
class HookTest {
    private static final String TOKEN = "token-0123456789abcdef";

    @Test
    void refusesABodyOverTheLimitBeforeLookingAtAnythingElse() {
        Hook hook = Hook.of("gh", github(), new HookLimits(1024, 10));

        HookOutcome tooLarge = hook.receive(TestRequests.post(Map.of(), new byte[1025]));
        HookOutcome atLimit = hook.receive(TestRequests.post(Map.of(), new byte[1024]));

        assertThat(tooLarge).isEqualTo(new HookOutcome.Refused(
                413, "body", "is 1025 bytes, more than the limit of 1024 bytes", "body-too-large", Map.of()));
        // At the limit the body gets as far as verification, which finds no signature.
        assertThat(atLimit).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void checksTheSizeEvenOfAHandshake() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("*"), OptionalInt.empty()), new HookLimits(1024, 10));

        HookOutcome outcome = hook.receive(TestRequests.request("OPTIONS", "",
                List.of(Map.entry("WebHook-Request-Origin", "eventemitter.example.com")), new byte[2048]));

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> assertThat(r.status()).isEqualTo(413));
    }

    @Test
    void refusesAnUnsignedRequestWith401NamingTheHeader() {
        Hook hook = Hook.of("gh", github(), HookLimits.defaults());

        HookOutcome outcome = hook.receive(TestRequests.post(Map.of("Content-Type", "application/json"), "{}"));

        assertThat(outcome).isEqualTo(new HookOutcome.Refused(401, "X-Hub-Signature-256",
                "missing header X-Hub-Signature-256", "missing-header", Map.of()));
    }

    @Test
    void answersOtherMethodsWith405AndAllow() {
        Hook gh = Hook.of("gh", github(), HookLimits.defaults());
        Hook ce = Hook.of("ce", cloudEvents(List.of("*"), OptionalInt.empty()), HookLimits.defaults());

        HookOutcome options = gh.receive(TestRequests.request("OPTIONS", "", List.of(), new byte[0]));
        HookOutcome put = ce.receive(TestRequests.request("PUT", "", List.of(), new byte[0]));

        assertThat(options).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.headers()).containsEntry("Allow", "POST");
        });
        assertThat(put).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.headers()).containsEntry("Allow", "OPTIONS, POST");
        });
    }

    @Test
    void consentsToAnAllowedOriginWithOriginAndRate() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("eventemitter.example.com"), OptionalInt.of(120)),
                HookLimits.defaults());

        HookOutcome outcome = hook.receive(TestRequests.request("OPTIONS", "", List.of(
                Map.entry("WebHook-Request-Origin", "EventEmitter.example.com"),
                Map.entry("WebHook-Request-Rate", "600")), new byte[0]));

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Reply.class, r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).containsEntry("WebHook-Allowed-Origin", "EventEmitter.example.com")
                    .containsEntry("WebHook-Allowed-Rate", "120")
                    .containsEntry("Allow", "OPTIONS, POST");
            assertThat(r.body()).isEmpty();
        });
    }

    @Test
    void grantsAnyRateWhenNoneIsConfiguredSinceTheSpecWantsTheHeaderAlways() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("*"), OptionalInt.empty()), HookLimits.defaults());

        HookOutcome outcome = hook.receive(TestRequests.request("OPTIONS", "",
                List.of(Map.entry("WebHook-Request-Origin", "eventgrid.azure.net")), new byte[0]));

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Reply.class, r -> assertThat(r.headers())
                .containsEntry("WebHook-Allowed-Origin", "eventgrid.azure.net")
                .containsEntry("WebHook-Allowed-Rate", "*"));
    }

    @Test
    void withholdsConsentFromAnOriginNotAllowed() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("eventemitter.example.com"), OptionalInt.empty()),
                HookLimits.defaults());

        HookOutcome outcome = hook.receive(TestRequests.request("OPTIONS", "",
                List.of(Map.entry("WebHook-Request-Origin", "attacker.example.net")), new byte[0]));

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.label()).isEqualTo("origin-not-allowed");
            assertThat(r.headers()).doesNotContainKeys("WebHook-Allowed-Origin", "WebHook-Allowed-Rate");
        });
    }

    @Test
    void answersAHandshakeThatOffersACallbackSynchronouslyWithoutCallingIt() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("*"), OptionalInt.empty()), HookLimits.defaults());

        HookOutcome outcome = hook.receive(TestRequests.request("OPTIONS", "", List.of(
                Map.entry("WebHook-Request-Origin", "eventgrid.azure.net"),
                Map.entry("WebHook-Request-Callback", "https://example.com/confirm?id=1&key=abc")), new byte[0]));

        // Consent is in the answer itself; the node never requests a URL an unauthenticated request names.
        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Reply.class, r -> assertThat(r.headers())
                .containsEntry("WebHook-Allowed-Origin", "eventgrid.azure.net")
                .doesNotContainKey("WebHook-Request-Callback"));
    }

    @Test
    void answersAnOptionsRequestThatIsNoHandshakeWithAllowOnly() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("*"), OptionalInt.empty()), HookLimits.defaults());

        HookOutcome outcome = hook.receive(TestRequests.request("OPTIONS", "", List.of(), new byte[0]));

        assertThat(outcome).isEqualTo(new HookOutcome.Reply(204, Map.of("Allow", "OPTIONS, POST"), new byte[0]))
                .satisfies(o -> assertThat(((HookOutcome.Reply) o).headers()).hasSize(1));
    }

    @Test
    void asksForABearerTokenOnA401OfACloudEventsHook() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("*"), OptionalInt.empty()), HookLimits.defaults());

        HookOutcome outcome = hook.receive(TestRequests.post(Map.of("Authorization", "Bearer wrong-token-0000000000"), "{}"));

        assertThat(outcome).isEqualTo(new HookOutcome.Refused(401, "Authorization", "token does not match",
                "token-mismatch", Map.of("WWW-Authenticate", "Bearer")));
    }

    @Test
    void refusesADeliveryFromAnOriginNotAllowedWith403() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("eventemitter.example.com"), OptionalInt.empty()),
                HookLimits.defaults());

        HookOutcome outcome = hook.receive(TestRequests.post(Map.of(
                "Authorization", "Bearer " + TOKEN, "WebHook-Request-Origin", "other.example.com"), "{}"));

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.field()).isEqualTo("WebHook-Request-Origin");
        });
    }

    @Test
    void answersSlacksUrlVerificationWithTheChallengeAndWritesNothing() {
        Vectors.Vector v = Vectors.named("slack.json", "url_verification challenge");

        HookOutcome outcome = Hook.of("slack", v.hookConfig(), HookLimits.defaults()).receive(v.request());

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Reply.class, r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).containsEntry("Content-Type", "text/plain; charset=utf-8");
            assertThat(r.body()).isEqualTo(utf8("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
        });
    }

    @Test
    void neverAnswersAChallengeThatIsNotSigned() {
        Vectors.Vector v = Vectors.named("slack.json", "url_verification challenge");
        Map<String, String> headers = new LinkedHashMap<>(v.headers());
        headers.put("X-Slack-Signature", "v0=" + "0".repeat(64));

        HookOutcome outcome = Hook.of("slack", v.hookConfig(), HookLimits.defaults())
                .receive(TestRequests.post(headers, v.body()));

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void refusesAVerifiedStripeBodyWithoutTypeWith400() {
        String body = "{\"id\":\"evt_1\"}";
        String secret = "whsec_x";
        long t = TestRequests.NOW.getEpochSecond();
        HookRequest request = TestRequests.post(Map.of("Content-Type", "application/json", "Stripe-Signature",
                "t=" + t + ",v1=" + TestRequests.hex("HmacSHA256", secret, utf8(t + "."), utf8(body))), body);

        HookOutcome outcome = Hook.of("stripe", new StripeConfig(List.of(HookSecret.of(secret)),
                HookConfig.DEFAULT_TOLERANCE, null), HookLimits.defaults()).receive(request);

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.field()).isEqualTo("body.type");
            assertThat(r.label()).isEqualTo("invalid-event");
        });
    }

    @Test
    void refusesACloudEventsDeliveryThatIsNoCloudEventWith415() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("*"), OptionalInt.empty()), HookLimits.defaults());

        HookOutcome outcome = hook.receive(TestRequests.post(Map.of(
                "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"), "{\"hello\":1}"));

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(415);
            assertThat(r.field()).isEqualTo("Content-Type");
            assertThat(r.label()).isEqualTo("unsupported-media-type");
        });
    }

    @Test
    void refusesAnInvalidCloudEventWith400NamingTheAttribute() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("*"), OptionalInt.empty()), HookLimits.defaults());

        HookOutcome outcome = hook.receive(TestRequests.post(Map.of(
                "Authorization", "Bearer " + TOKEN,
                "ce-specversion", "1.0", "ce-source", "/s", "ce-type", "t"), "{}"));

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.field()).isEqualTo("ce-id");
        });
    }

    @Test
    void refusesABatchOverTheLimitOfEvents() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("*"), OptionalInt.empty()), new HookLimits(1024, 1));
        String event = "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"/s\",\"type\":\"t\"}";

        HookOutcome outcome = hook.receive(TestRequests.post(Map.of("Authorization", "Bearer " + TOKEN,
                "Content-Type", "application/cloudevents-batch+json"), "[" + event + "," + event + "]"));

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Refused.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void acceptsTheTokenInTheQueryAsTheWebHookSpecRequires() {
        Hook hook = Hook.of("ce", cloudEvents(List.of("*"), OptionalInt.empty()), HookLimits.defaults());

        HookOutcome outcome = hook.receive(TestRequests.request("POST", "x=1&access_token=" + TOKEN, List.of(
                Map.entry("ce-specversion", "1.0"), Map.entry("ce-id", "1"), Map.entry("ce-source", "/s"),
                Map.entry("ce-type", "t")), new byte[0]));

        assertThat(outcome).isInstanceOfSatisfying(HookOutcome.Accepted.class,
                a -> assertThat(a.events()).singleElement().satisfies(e -> assertThat(e.getData()).isNull()));
    }

    @Test
    void refusesABadHookNameOrLimits() {
        assertThatThrownBy(() -> Hook.of("Bad Name", github(), HookLimits.defaults()))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> new HookLimits(100, 10)).hasMessageStartingWith("hooks-max-body-bytes");
        assertThatThrownBy(() -> new HookLimits(1024, 0)).hasMessageStartingWith("max-batch-events");
    }

    @Test
    void exposesTheBodyLimitForTheRoutesBodyHandler() {
        assertThat(Hook.of("gh", github(), HookLimits.defaults()).maxBodyBytes())
                .isEqualTo(HookLimits.DEFAULT_MAX_BODY_BYTES)
                .isEqualTo(1024 * 1024);
    }

    private static GitHubConfig github() {
        return new GitHubConfig(List.of(HookSecret.of("secret")), EventOptions.none());
    }

    private static CloudEventsConfig cloudEvents(List<String> origins, OptionalInt rate) {
        return new CloudEventsConfig(List.of(HookSecret.of(TOKEN)), origins, rate, EventOptions.none());
    }
}
