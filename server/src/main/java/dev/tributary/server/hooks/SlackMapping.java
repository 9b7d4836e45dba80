package dev.tributary.server.hooks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Slack requests as events (api.slack.com: Events API, interactivity, slash commands):
 *
 * <pre>
 * id       event_id (Events API, the same on every retry); else the body's SHA-256
 * type     com.slack.&lt;event.type&gt; for an event_callback       com.slack.app_mention
 *          com.slack.&lt;type&gt; for other JSON and interactivity payloads   com.slack.block_actions
 *          com.slack.command for a slash command, else com.slack.request
 * source   /hooks/&lt;name&gt;
 * time     event_time (Unix seconds); else X-Slack-Request-Timestamp
 * </pre>
 *
 * An Events API {@code url_verification} request (sent, signed, when the request URL is configured) is not an
 * event: {@link #challenge} answers it.
 */
final class SlackMapping implements ProviderMapping {
    static final String TIMESTAMP = "X-Slack-Request-Timestamp";

    @Override
    public String id(HookRequest request, Payload payload) {
        String id = payload.text("event_id");
        return id == null ? payload.sha256Hex() : id;
    }

    @Override
    public String type(HookRequest request, Payload payload) {
        String type = payload.text("type");
        String inner = payload.text("event", "type");
        if ("event_callback".equals(type) && inner != null) {
            return "com.slack." + ProviderMapping.segment("body.event.type", inner);
        }
        if (type != null) {
            return "com.slack." + ProviderMapping.segment("body.type", type);
        }
        return payload.form().containsKey("command") ? "com.slack.command" : "com.slack.request";
    }

    @Override
    public Instant time(HookRequest request, Payload payload) {
        Instant eventTime = ProviderMapping.epochSeconds(payload.node("event_time"));
        if (eventTime != null) {
            return eventTime;
        }
        String header = request.headers().first(TIMESTAMP);
        return header == null ? null : Instant.ofEpochSecond(Signatures.unixSeconds(TIMESTAMP, header));
    }

    /**
     * The answer to a verified {@code url_verification} request: its {@code challenge} as plain text, which is what
     * Slack expects back; empty for any other request.
     */
    static Optional<HookOutcome> challenge(HookRequest request, Payload payload) {
        String challenge = payload.text("challenge");
        if (!"url_verification".equals(payload.text("type")) || challenge == null) {
            return Optional.empty();
        }
        return Optional.of(new HookOutcome.Reply(
                200, Map.of("Content-Type", "text/plain; charset=utf-8"), challenge.getBytes(UTF_8)));
    }
}
