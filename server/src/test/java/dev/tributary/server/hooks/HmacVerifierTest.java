package dev.tributary.server.hooks;

import static dev.tributary.server.hooks.TestRequests.utf8;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one-header HMAC scheme beyond the vectors: encodings as senders write them, repeated headers, a template's
 * headers, binary bodies.
 */
class HmacVerifierTest {
    private static final String SECRET = "generic-secret";

    @Test
    void acceptsBase64WithoutPadding() {
        String body = "{\"a\":1}";
        String signature = TestRequests.base64("HmacSHA256", SECRET, utf8(body)).replace("=", "");

        Verification verdict = verifier(HmacConfig.Encoding.BASE64, "{body}")
                .verify(TestRequests.post(Map.of("X-Sig", signature), body));

        assertThat(verdict.isOk()).isTrue();
    }

    @Test
    void refusesASignatureHeaderSentTwice() {
        String body = "{}";
        String signature = TestRequests.hex("HmacSHA256", SECRET, utf8(body));

        Verification verdict = verifier(HmacConfig.Encoding.HEX, "{body}").verify(TestRequests.request("POST", "",
                List.of(Map.entry("X-Sig", signature), Map.entry("x-sig", signature)), utf8(body)));

        assertThat(verdict.reason()).isEqualTo("malformed header X-Sig: appears more than once");
    }

    @Test
    void refusesASignatureOfTheWrongLengthAsAMismatch() {
        Verification verdict = verifier(HmacConfig.Encoding.HEX, "{body}")
                .verify(TestRequests.post(Map.of("X-Sig", "abcd"), "{}"));

        assertThat(verdict.failure()).contains(Verification.Failure.SIGNATURE_MISMATCH);
    }

    @Test
    void signsTheHeadersTheTemplateNamesAsReceived() {
        byte[] body = {0, (byte) 0xff, 1};
        String signature = TestRequests.hex("HmacSHA256", SECRET, utf8("POST|caf\u00e9|"), body);

        Verification verdict = verifier(HmacConfig.Encoding.HEX, "{header:X-Method}|{header:X-Word}|{body}")
                .verify(TestRequests.post(Map.of("X-Sig", signature, "X-Method", "POST",
                        // As Netty hands it over: the UTF-8 bytes of "café", one character per byte.
                        "X-Word", new String(utf8("caf\u00e9"), ISO_8859_1)),
                        body));

        assertThat(verdict.isOk()).as(verdict.reason()).isTrue();
    }

    @Test
    void verifiesGitHubShopifyAndSlackWithTheirDocumentedConstants() {
        String body = "{}";
        Verifier github = Verifier.of(new GitHubConfig(List.of(HookSecret.of(SECRET)), null));
        Verifier shopify = Verifier.of(new ShopifyConfig(List.of(HookSecret.of(SECRET)), null));
        long ts = TestRequests.NOW.getEpochSecond();
        Verifier slack = Verifier.of(new SlackConfig(List.of(HookSecret.of(SECRET)), HookConfig.DEFAULT_TOLERANCE, null));

        assertThat(github.verify(TestRequests.post(Map.of("x-hub-signature-256",
                "sha256=" + TestRequests.hex("HmacSHA256", SECRET, utf8(body))), body)).isOk()).isTrue();
        assertThat(shopify.verify(TestRequests.post(Map.of("X-Shopify-Hmac-Sha256",
                TestRequests.base64("HmacSHA256", SECRET, utf8(body))), body)).isOk()).isTrue();
        assertThat(slack.verify(TestRequests.post(Map.of("X-Slack-Request-Timestamp", Long.toString(ts),
                "X-Slack-Signature", "v0=" + TestRequests.hex("HmacSHA256", SECRET, utf8("v0:" + ts + ":" + body))),
                body)).isOk()).isTrue();
    }

    private static Verifier verifier(HmacConfig.Encoding encoding, String template) {
        return Verifier.of(new HmacConfig(List.of(HookSecret.of(SECRET)), "X-Sig", HmacConfig.Algorithm.SHA256,
                encoding, "", template, Optional.empty(), null, Optional.empty(), null));
    }
}
