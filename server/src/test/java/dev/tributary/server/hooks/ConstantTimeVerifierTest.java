package dev.tributary.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How verifiers compare credentials. Timing cannot be asserted without flaky timed tests, so this checks the two
 * things that make comparisons constant-time: the one comparison routine ({@link ConstantTime}) behaves, and every
 * verifier compares through it and nothing else.
 */
class ConstantTimeVerifierTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/tributary/server/hooks");

    @Test
    void comparesContentsAndLengths() {
        assertThat(ConstantTime.equal(new byte[] {1, 2, 3}, new byte[] {1, 2, 3})).isTrue();
        assertThat(ConstantTime.equal(new byte[] {1, 2, 3}, new byte[] {1, 2, 4})).isFalse();
        assertThat(ConstantTime.equal(new byte[] {1, 2, 3}, new byte[] {1, 2})).isFalse();
        assertThat(ConstantTime.equal(new byte[] {1, 2}, new byte[] {1, 2, 3})).isFalse();
        assertThat(ConstantTime.equal(new byte[] {1}, new byte[0])).isFalse();
        assertThat(ConstantTime.anyEqual(new byte[] {7}, List.of(new byte[] {1}, new byte[] {7}))).isTrue();
        assertThat(ConstantTime.anyEqual(new byte[] {7}, List.of())).isFalse();
    }

    @Test
    void hidesATokensLengthByComparingDigests() {
        assertThat(ConstantTime.sha256(new byte[0])).hasSize(32);
        assertThat(ConstantTime.sha256(new byte[1000])).hasSize(32);
    }

    @Test
    void everyVerifierComparesThroughTheConstantTimeRoutineOnly() throws IOException {
        Map<String, String> sources = sources();
        List<String> verifiers = sources.keySet().stream().filter(n -> n.endsWith("Verifier.java")
                && !n.equals("Verifier.java") && !n.equals("SignatureVerifier.java")).toList();

        assertThat(verifiers).contains("HmacVerifier.java", "StripeVerifier.java", "StandardWebhooksVerifier.java",
                "CloudEventsVerifier.java");
        for (String verifier : verifiers) {
            assertThat(sources.get(verifier)).as(verifier).contains("ConstantTime.");
        }
        sources.forEach((name, text) -> {
            if (!name.equals("HookOutcome.java")) { // compares reply bodies, which are no credentials
                assertThat(text).as(name).doesNotContain("Arrays.equals(", "contentEquals(", "compareTo(expected");
            }
            if (!name.equals("ConstantTime.java") && !name.equals("HookSecret.java")) {
                assertThat(text).as(name).doesNotContain("MessageDigest.isEqual");
            }
        });
    }

    private static Map<String, String> sources() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return sources;
    }
}
