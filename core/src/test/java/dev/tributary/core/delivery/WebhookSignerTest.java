package dev.tributary.core.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Interoperability is checked against the independent reference library {@code com.standardwebhooks:standardwebhooks},
 * not against our own code: a round trip through our own verifier would pass with a wrong delimiter or alphabet too.
 */
class WebhookSignerTest {
    private static final WebhookSigner SIGNER = new WebhookSigner();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void reproducesTheStandardWebhooksTestVector() {
        // The vector of the Standard Webhooks reference libraries' tests (and of Svix's).
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] body = "{\"test\": 2432232314}".getBytes(UTF_8);

        assertThat(SIGNER.signature("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, secret))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(SIGNER.headers(
                        "msg_p5jXN8AQM9LWM0D4loKWxJek", Instant.ofEpochSecond(1614265330, 999_999_999), body,
                        List.of(secret)))
                .containsExactly(
                        Map.entry("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
                        Map.entry("webhook-timestamp", "1614265330"),
                        Map.entry("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    @Test
    void theReferenceLibraryVerifiesOurHeaders() throws Exception {
        WebhookSecret secret = WebhookSecret.generate(RANDOM);
        String body = "{\"type\":\"order.created\",\"data\":{\"id\":\"ö-1\",\"note\":\"  spaced  \"}}";
        // The library checks the timestamp against its own clock (±5 min), so this one test signs "now".
        Map<String, String> headers = SIGNER.headers("msg_1", Instant.now(), body.getBytes(UTF_8), List.of(secret));

        assertThatCode(() -> new Webhook(secret.encoded()).verify(body, multi(headers))).doesNotThrowAnyException();
    }

    @Test
    void theReferenceLibraryRejectsATamperedBodyOrAnotherSecret() throws Exception {
        WebhookSecret secret = WebhookSecret.generate(RANDOM);
        String body = "{\"amount\":100}";
        Map<String, String> headers = SIGNER.headers("msg_2", Instant.now(), body.getBytes(UTF_8), List.of(secret));

        assertThatThrownBy(() -> new Webhook(secret.encoded()).verify("{\"amount\":1000}", multi(headers)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(WebhookSecret.generate(RANDOM).encoded()).verify(body, multi(headers)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void signsWithEverySecretDuringRotation() throws Exception {
        WebhookSecret current = WebhookSecret.generate(RANDOM);
        WebhookSecret previous = WebhookSecret.generate(RANDOM);
        String body = "{}";
        Map<String, String> headers =
                SIGNER.headers("msg_3", Instant.now(), body.getBytes(UTF_8), List.of(current, previous));

        String[] signatures = headers.get("webhook-signature").split(" ");
        assertThat(signatures).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
        assertThat(signatures[0]).isNotEqualTo(signatures[1]);
        // A receiver that knows only one of the two secrets accepts the delivery.
        new Webhook(current.encoded()).verify(body, multi(headers));
        new Webhook(previous.encoded()).verify(body, multi(headers));
    }

    @Property(tries = 200)
    void agreesWithTheReferenceLibraryOnAnyInput(
            @ForAll("ids") String id,
            @ForAll @LongRange(min = 0, max = 99_999_999_999L) long timestamp,
            @ForAll @StringLength(max = 300) String body)
            throws Exception {
        WebhookSecret secret = WebhookSecret.generate(RANDOM);
        assertThat(SIGNER.signature(id, timestamp, body.getBytes(UTF_8), secret))
                .isEqualTo(new Webhook(secret.encoded()).sign(id, timestamp, body));
    }

    @Test
    void signsTheBodyBytesExactlyAsGiven() throws Exception {
        WebhookSecret secret = WebhookSecret.generate(RANDOM);
        byte[] notUtf8 = {'{', (byte) 0xff, (byte) 0xfe, 0, '}', '\r', '\n'};

        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.write("msg_4.1700000000.".getBytes(UTF_8));
        signed.write(notUtf8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.encoded().substring(6)), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.toByteArray()));

        assertThat(SIGNER.signature("msg_4", 1700000000, notUtf8, secret)).isEqualTo(expected);
        assertThat(SIGNER.signature("msg_4", 1700000000, "{\"a\": 1}".getBytes(UTF_8), secret))
                .isNotEqualTo(SIGNER.signature("msg_4", 1700000000, "{\"a\":1}".getBytes(UTF_8), secret));
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        List<WebhookSecret> secrets = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            WebhookSecret secret = WebhookSecret.generate(RANDOM);
            secrets.add(secret);
            expected.add(new Webhook(secret.encoded()).sign("msg_" + i, 1700000000L + i, "body " + i));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int round = 0; round < 20; round++) {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < secrets.size(); i++) {
                    int n = i;
                    results.add(pool.submit(() -> SIGNER.signature(
                            "msg_" + n, 1700000000L + n, ("body " + n).getBytes(UTF_8), secrets.get(n))));
                }
                for (int i = 0; i < results.size(); i++) {
                    assertThat(results.get(i).get()).isEqualTo(expected.get(i));
                }
            }
        }
    }

    @Test
    void rejectsIdsThatCouldForgeOrCorruptTheSignedContent() {
        WebhookSecret secret = WebhookSecret.generate(RANDOM);
        byte[] body = {};
        assertThatThrownBy(() -> SIGNER.signature("", 1, body, secret)).hasMessage("msgId must not be empty");
        assertThatThrownBy(() -> SIGNER.signature("msg.1", 1, body, secret))
                .hasMessage("msgId must be visible ASCII without '.', has '.' at index 3");
        assertThatThrownBy(() -> SIGNER.signature("msg\r\nX: y", 1, body, secret))
                .hasMessage("msgId must be visible ASCII without '.', has U+000D at index 3");
        assertThatThrownBy(() -> SIGNER.signature("msg 1", 1, body, secret))
                .hasMessage("msgId must be visible ASCII without '.', has U+0020 at index 3");
        assertThatThrownBy(() -> SIGNER.signature("mség", 1, body, secret))
                .hasMessage("msgId must be visible ASCII without '.', has U+00E9 at index 2");
    }

    @Test
    void rejectsTimesBeforeTheEpochAndMissingSecrets() {
        WebhookSecret secret = WebhookSecret.generate(RANDOM);
        byte[] body = {};
        assertThatThrownBy(() -> SIGNER.headers("m", Instant.ofEpochSecond(-1), body, List.of(secret)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("timestamp must not be before 1970");
        assertThatThrownBy(() -> SIGNER.headers("m", Instant.EPOCH, body, List.of()))
                .hasMessage("secrets must not be empty");
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings()
                .withCharRange('!', '~')
                .ofMinLength(1)
                .ofMaxLength(40)
                .filter(s -> s.indexOf('.') < 0);
    }

    private static Map<String, List<String>> multi(Map<String, String> headers) {
        Map<String, List<String>> multi = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return multi;
    }
}
