package dev.tributary.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransformExceptionTest {
    @Test
    void keepsShortReasonsAsTheyAre() {
        assertThat(new TransformException("transform.jsonata: no").reason()).isEqualTo("transform.jsonata: no");
    }

    @Test
    void cutsLongReasonsToOneKibibyteOfUtf8AtACharacterBoundary() {
        String reason = "é".repeat(600) + "😀".repeat(300);

        String kept = new TransformException(reason).reason();

        assertThat(kept.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(TransformException.MAX_REASON_BYTES);
        assertThat(kept).endsWith("…").startsWith("é".repeat(510));
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 2))).isFalse();
        assertThat(new TransformException("x".repeat(5000)).getMessage()).hasSize(1021 + 1);
    }
}
