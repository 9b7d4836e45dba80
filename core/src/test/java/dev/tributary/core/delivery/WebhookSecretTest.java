package dev.tributary.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSecretTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void generatesTwentyFourRandomBytesWithThePrefix() {
        WebhookSecret secret = WebhookSecret.generate(RANDOM);
        String text = secret.encoded();
        assertThat(text).startsWith("whsec_").hasSize(6 + 32);
        assertThat(Base64.getDecoder().decode(text.substring(6))).hasSize(24);
        assertThat(WebhookSecret.generate(RANDOM)).isNotEqualTo(secret);
    }

    @Test
    void parsesWhatItEncodes() {
        WebhookSecret secret = WebhookSecret.generate(RANDOM);
        assertThat(WebhookSecret.parse(secret.encoded())).isEqualTo(secret).hasSameHashCodeAs(secret);
        String known = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        assertThat(WebhookSecret.parse(known).encoded()).isEqualTo(known);
    }

    @Test
    void acceptsUpToSixtyFourBytesWithOrWithoutPadding() {
        byte[] key = new byte[64];
        RANDOM.nextBytes(key);
        String padded = Base64.getEncoder().encodeToString(key);
        assertThat(padded).endsWith("=");
        assertThat(WebhookSecret.parse("whsec_" + padded))
                .isEqualTo(WebhookSecret.parse("whsec_" + padded.replace("=", "")));
    }

    @Test
    void neverShowsTheKeyInToString() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(secret.toString()).isEqualTo("whsec_…(24 bytes)").doesNotContain("MfKQ");
    }

    @Test
    void rejectsAMissingPrefix() {
        assertThatThrownBy(() -> WebhookSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("webhook secret must start with whsec_");
        assertThatThrownBy(() -> WebhookSecret.parse("whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .hasMessage("webhook secret must start with whsec_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"whsec_MfKQ9r8GKYqrTwjUPD8I LPZIo2LaLaSw", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa-w", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwM"})
    void rejectsWhatIsNotBase64WithoutEchoingIt(String text) {
        assertThatThrownBy(() -> WebhookSecret.parse(text))
                .hasMessage("webhook secret must be base64 (A-Z a-z 0-9 + /) after whsec_")
                .message()
                .doesNotContain("MfKQ");
    }

    @Test
    void rejectsKeysShorterThanTwentyFourOrLongerThanSixtyFourBytes() {
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_" + Base64.getEncoder().encodeToString(new byte[23])))
                .hasMessage("webhook secret must decode to 24 to 64 bytes, was 23");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_" + Base64.getEncoder().encodeToString(new byte[65])))
                .hasMessage("webhook secret must decode to 24 to 64 bytes, was 65");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_"))
                .hasMessage("webhook secret must decode to 24 to 64 bytes, was 0");
    }
}
