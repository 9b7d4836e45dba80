package dev.tributary.server.hooks;

import static dev.tributary.server.hooks.TestRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import dev.tributary.core.delivery.WebhookSecret;
import dev.tributary.core.delivery.WebhookSigner;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Standard Webhooks beyond the vectors: the Java reference library's signatures (a second published implementation),
 * Tributary's own outgoing signatures, header naming, and the id rule.
 */
class StandardWebhooksVerifierTest {
    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final Verifier VERIFIER = Verifier.of(new StandardWebhooksConfig(
            List.of(SECRET), HookConfig.DEFAULT_TOLERANCE, Optional.empty(), EventOptions.none()));
    private static final String BODY = "{\"type\":\"user.created\",\"data\":{\"name\":\"Ren\u00e9e\"}}";
    private static final long NOW = TestRequests.NOW.getEpochSecond();

    @Test
    void acceptsWhatTheJavaReferenceLibrarySigns() throws Exception {
        String signature = new Webhook(SECRET.encoded()).sign("msg_java", NOW, BODY);

        Verification verdict = VERIFIER.verify(request("webhook", "msg_java", NOW, signature));

        assertThat(verdict.isOk()).as(verdict.reason()).isTrue();
    }

    @Test
    void acceptsTributarysOwnOutgoingDeliveries() {
        WebhookSecret other = WebhookSecret.generate(new SecureRandom());
        Map<String, String> headers = new WebhookSigner()
                .headers("msg_own", TestRequests.NOW, utf8(BODY), List.of(other, SECRET));

        assertThat(VERIFIER.verify(TestRequests.post(headers, BODY)).isOk()).isTrue();
    }

    @Test
    void prefersTheStandardHeaderNamesWhenBothNamingsArePresent() {
        String signature = new WebhookSigner().signature("msg_a", NOW, utf8(BODY), SECRET);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.putAll(Map.of("webhook-id", "msg_a", "webhook-timestamp", Long.toString(NOW),
                "webhook-signature", signature));
        headers.put("svix-id", "msg_other");

        assertThat(VERIFIER.verify(TestRequests.post(headers, BODY)).isOk()).isTrue();
    }

    @Test
    void namesTheSvixHeadersWhenTheRequestUsesThatNaming() {
        Verification missing = VERIFIER.verify(TestRequests.post(Map.of("svix-id", "msg_a",
                "svix-timestamp", Long.toString(NOW)), BODY));

        assertThat(missing.reason()).isEqualTo("missing header svix-signature");
    }

    @Test
    void refusesAnIdWithTheDotTheSpecForbids() {
        String signature = new WebhookSigner().signature("msg_a", NOW, utf8(BODY), SECRET);

        Verification verdict = VERIFIER.verify(request("webhook", "msg.a", NOW, signature));

        assertThat(verdict.reason()).isEqualTo("malformed header webhook-id: must be visible ASCII without '.'");
    }

    @Test
    void letsAnUndecodableV1EntryMatchNothingWhileAnotherMatches() {
        String good = new WebhookSigner().signature("msg_a", NOW, utf8(BODY), SECRET);

        assertThat(VERIFIER.verify(request("webhook", "msg_a", NOW, "v1,!!! " + good)).isOk()).isTrue();
        assertThat(VERIFIER.verify(request("webhook", "msg_a", NOW, "v1,!!!")).failure())
                .contains(Verification.Failure.SIGNATURE_MISMATCH);
    }

    private static HookRequest request(String naming, String id, long timestamp, String signature) {
        return TestRequests.post(Map.of(naming + "-id", id, naming + "-timestamp", Long.toString(timestamp),
                naming + "-signature", signature, "Content-Type", "application/json"), BODY);
    }
}
