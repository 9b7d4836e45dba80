package dev.tributary.server.hooks;

import java.time.Instant;

/**
 * Standard Webhooks messages as events (standardwebhooks.com, spec 1.0.0, "Payload structure" recommends
 * {@code {"type", "timestamp", "data"}}):
 *
 * <pre>
 * id       webhook-id (or svix-id): the message id, the same on every attempt
 * type     the body's type; else defaultType; else dev.tributary.hook.&lt;name&gt;
 * source   /hooks/&lt;name&gt;
 * time     the body's timestamp (RFC 3339); else webhook-timestamp (this attempt's time)
 * </pre>
 */
final class StandardWebhooksMapping implements ProviderMapping {
    private final String defaultType;

    StandardWebhooksMapping(String hookName, StandardWebhooksConfig config) {
        this.defaultType = config.defaultType().orElse("dev.tributary.hook." + hookName);
    }

    @Override
    public String id(HookRequest request, Payload payload) {
        // Verified present before mapping.
        return request.headers().first(StandardWebhooksVerifier.Names.of(request).id());
    }

    @Override
    public String type(HookRequest request, Payload payload) {
        String type = payload.text("type");
        return type == null ? defaultType : ProviderMapping.segment("body.type", type);
    }

    @Override
    public Instant time(HookRequest request, Payload payload) {
        Instant timestamp = ProviderMapping.rfc3339(payload.text("timestamp"));
        if (timestamp != null) {
            return timestamp;
        }
        String header = request.headers().first(StandardWebhooksVerifier.Names.of(request).timestamp());
        return header == null ? null : Instant.ofEpochSecond(Signatures.unixSeconds("webhook-timestamp", header));
    }
}
