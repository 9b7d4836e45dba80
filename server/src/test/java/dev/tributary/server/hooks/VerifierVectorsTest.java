package dev.tributary.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every verifier against the vectors signed by the providers' own libraries: the verdict, the failure and the exact
 * reason of each, positive and negative.
 */
class VerifierVectorsTest {
    static Stream<Vectors.Vector> vectors() {
        return Vectors.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void givesEachVectorItsExpectedVerdict(Vectors.Vector vector) {
        Verification verdict = Verifier.of(vector.hookConfig()).verify(vector.request());

        if (vector.ok()) {
            assertThat(verdict.isOk()).as(verdict.reason()).isTrue();
            assertThat(verdict.failure()).isEmpty();
        } else {
            assertThat(verdict.isOk()).isFalse();
            assertThat(verdict.failure().orElseThrow().label()).isEqualTo(vector.failure());
            assertThat(verdict.reason()).isEqualTo(vector.reason());
            assertThat(verdict.header()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void neverPutsTheBodyOrASecretIntoAReason(Vectors.Vector vector) {
        String reason = Verifier.of(vector.hookConfig()).verify(vector.request()).reason();

        assertThat(reason).matches("ok|missing header [\\w-]+|malformed header [\\w-]+: [^{}]*"
                + "|signature does not match|timestamp outside tolerance of PT\\w+");
        for (var secret : vector.config().path("secrets")) {
            assertThat(reason).doesNotContain(secret.asText());
        }
    }

    @Test
    void coversEveryProviderWithPositiveNegativeAndRotationVectors() {
        List<Vectors.Vector> all = Vectors.all();
        assertThat(all.stream().map(v -> v.config().path("provider").asText()).distinct())
                .containsExactlyInAnyOrder("github", "stripe", "standard-webhooks", "shopify", "slack", "hmac");
        for (String file : Vectors.files()) {
            List<Vectors.Vector> vectors = Vectors.of(file);
            assertThat(vectors).as(file).anyMatch(Vectors.Vector::ok);
            assertThat(vectors).as(file).anyMatch(v -> "signature-mismatch".equals(v.failure()));
            assertThat(vectors).as(file).anyMatch(v -> v.name().equals("tampered body"));
            assertThat(vectors).as(file).anyMatch(v -> v.name().contains("another secret"));
        }
        assertThat(all.stream().filter(v -> v.name().contains("(rotation)")).map(Vectors.Vector::file))
                .containsAll(Vectors.files().stream().filter(f -> !f.equals("hmac-sha1-template.json")).toList());
        assertThat(all).filteredOn(v -> "timestamp-outside-tolerance".equals(v.failure()))
                .extracting(Vectors.Vector::file)
                .contains("stripe.json", "standard-webhooks.json", "svix.json", "slack.json",
                        "hmac-sha512-base64-timestamp.json");
    }

    @Test
    void acceptsTheRotatedOutSecretOnlyWhileItIsConfigured() {
        Vectors.Vector rotated = Vectors.named("github.json", "signed with the previous secret (rotation)");
        ObjectNode config = rotated.config().deepCopy();
        ((ArrayNode) config.get("secrets")).remove(1);
        HookConfig currentOnly = HookConfig.fromJson(config);

        assertThat(Verifier.of(rotated.hookConfig()).verify(rotated.request()).isOk()).isTrue();
        Verification afterRotation = Verifier.of(currentOnly).verify(rotated.request());
        assertThat(afterRotation.failure()).contains(Verification.Failure.SIGNATURE_MISMATCH);
    }
}
