package dev.tributary.server.hooks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Read-only views of a request's body for the mappings, each computed at most once: the JSON document (the body
 * when it is JSON; the {@code payload} field of a form-encoded body, as GitHub and Slack interactivity send it), the
 * form fields, the body's SHA-256. The body itself is never changed or re-serialised: these views only feed
 * attributes. One instance per request, on one thread.
 */
final class Payload {
    static final String FORM = "application/x-www-form-urlencoded";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HookRequest request;
    private JsonNode json;
    private Map<String, List<String>> form;

    Payload(HookRequest request) {
        this.request = request;
    }

    /** The JSON document, or a missing node when the body is not JSON (or not valid JSON). */
    JsonNode json() {
        if (json == null) {
            String media = request.mediaType();
            if (media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"))) {
                json = parse(request.body());
            } else if (media.equals(FORM) && form().containsKey("payload")) {
                json = parse(form().get("payload").getFirst().getBytes(UTF_8));
            } else {
                json = MissingNode.getInstance();
            }
        }
        return json;
    }

    /** The form fields of a form-encoded body; empty for any other body. */
    Map<String, List<String>> form() {
        if (form == null) {
            form = request.mediaType().equals(FORM)
                    ? FormFields.parse(new String(request.body(), UTF_8))
                    : Map.of();
        }
        return form;
    }

    /** The text at {@code path} of the JSON document, or {@code null} unless it is a non-blank string. */
    String text(String... path) {
        JsonNode node = json();
        for (String name : path) {
            node = node.path(name);
        }
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    /** The node at {@code path} of the JSON document; missing when absent. */
    JsonNode node(String... path) {
        JsonNode node = json();
        for (String name : path) {
            node = node.path(name);
        }
        return node;
    }

    /**
     * The body's SHA-256 in lower-case hex: the event id when the sender gives none, so that its retries of one
     * delivery, which repeat the body, make the same id and deduplicate.
     */
    String sha256Hex() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request.body()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            // Not JSON after all: the mapping falls back to its defaults, the body is kept as it came.
            return MissingNode.getInstance();
        }
    }
}
