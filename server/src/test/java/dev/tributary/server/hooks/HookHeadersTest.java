package dev.tributary.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request view: headers by any case, every value kept, nothing secret in a log line. */
class HookHeadersTest {
    @Test
    void findsHeadersInAnyCaseWithEveryValueInOrder() {
        HookHeaders headers = HookHeaders.of(List.of(
                Map.entry("X-Tag", "a"), Map.entry("x-tag", "b"), Map.entry("Content-Type", "application/json")));

        assertThat(headers.first("X-TAG")).isEqualTo("a");
        assertThat(headers.all("x-Tag")).containsExactly("a", "b");
        assertThat(headers.all("absent")).isEmpty();
        assertThat(headers.first("absent")).isNull();
        assertThat(headers.has("content-type")).isTrue();
        assertThat(headers.entries()).extracting(Map.Entry::getKey).containsExactly("X-Tag", "x-tag", "Content-Type");
    }

    @Test
    void keepsTheBodyAsReceivedAndTheMethodUpperCase() {
        byte[] body = {1, 2, 3};
        HookRequest request = HookRequest.of("post", "/v1/hooks/x", null, HookHeaders.of(Map.of(
                "Content-Type", "Application/JSON; charset=utf-8")), body, TestRequests.CLOCK);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isSameAs(body);
        assertThat(request.query()).isEmpty();
        assertThat(request.receivedAt()).isEqualTo(TestRequests.NOW);
        assertThat(request.mediaType()).isEqualTo("application/json");
        assertThat(request.contentType()).isEqualTo("Application/JSON; charset=utf-8");
    }

    @Test
    void showsNoHeaderValueAndNoBodyInItsDescription() {
        HookRequest request = TestRequests.post(Map.of("Authorization", "Bearer secret-token-123456"), "{\"card\":1}");

        assertThat(request.toString()).contains("Authorization", "10 bytes")
                .doesNotContain("secret-token", "card");
        assertThat(HookSecret.of("hunter2").toString()).isEqualTo("***");
    }
}
