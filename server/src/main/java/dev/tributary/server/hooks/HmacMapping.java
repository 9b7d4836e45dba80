package dev.tributary.server.hooks;

import java.time.Instant;

/**
 * Generic HMAC webhooks as events, where the sender's format is unknown:
 *
 * <pre>
 * id       the idHeader's value; else the body's SHA-256, so that retries of one delivery deduplicate
 * type     dev.tributary.hook.&lt;name&gt; (configure a fixed type to say more)
 * source   /hooks/&lt;name&gt;
 * time     the timestampHeader's value (Unix seconds); else the receive time
 * </pre>
 */
final class HmacMapping implements ProviderMapping {
    private final String type;
    private final HmacConfig config;

    HmacMapping(String hookName, HmacConfig config) {
        this.type = "dev.tributary.hook." + hookName;
        this.config = config;
    }

    @Override
    public String id(HookRequest request, Payload payload) {
        String id = config.idHeader().map(h -> request.headers().first(h)).orElse(null);
        return id == null || id.isBlank() ? payload.sha256Hex() : id.strip();
    }

    @Override
    public String type(HookRequest request, Payload payload) {
        return type;
    }

    @Override
    public Instant time(HookRequest request, Payload payload) {
        return config.timestampHeader()
                .map(h -> Instant.ofEpochSecond(Signatures.unixSeconds(h, request.headers().first(h))))
                .orElse(null);
    }
}
