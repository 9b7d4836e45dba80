package dev.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a refusal (an answer outside 2xx) into a {@link TributaryException}: the one place that reads problem
 * documents. An answer that is not a problem document (a proxy's HTML page, say) still becomes one, with a short
 * excerpt of the body as its detail. Stateless.
 */
final class Problems {
    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail");
    private static final int EXCERPT = 300;

    private Problems() {}

    /** @param request {@code METHOD url}, for the message */
    static TributaryException refusal(String request, int status, HttpHeaders headers, byte[] body) {
        return new TributaryException(request, problem(status, body), retryAfter(headers).orElse(null));
    }

    private static Problem problem(int status, byte[] body) {
        JsonNode document = document(body);
        if (document == null) {
            String excerpt = new String(body, 0, Math.min(body.length, EXCERPT), StandardCharsets.UTF_8).strip();
            return new Problem(status, "about:blank", "HTTP " + status,
                    excerpt.isEmpty() ? "HTTP " + status : excerpt, Map.of());
        }
        Map<String, String> members = new HashMap<>();
        document.properties().forEach(member -> {
            if (!STANDARD.contains(member.getKey()) && !member.getValue().isNull()) {
                JsonNode value = member.getValue();
                members.put(member.getKey(), value.isValueNode() ? value.asText() : value.toString());
            }
        });
        String title = text(document, "title").orElse("HTTP " + status);
        return new Problem(status, text(document, "type").orElse("about:blank"), title,
                text(document, "detail").orElse(title), members);
    }

    /** The body as a JSON object, or null when it is not one. */
    private static JsonNode document(byte[] body) {
        try {
            JsonNode node = Answers.JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static Optional<String> text(JsonNode document, String name) {
        JsonNode value = document.get(name);
        return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
    }

    /**
     * {@code Retry-After} in delay-seconds (RFC 9110 §10.2.3), the form the node sends; an HTTP-date is ignored, as
     * reading it would mean trusting this machine's clock to agree with the node's.
     */
    private static Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("retry-after").map(String::strip).filter(v -> v.matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)));
    }
}
