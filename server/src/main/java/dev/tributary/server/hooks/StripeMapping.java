package dev.tributary.server.hooks;

import java.time.Instant;

/**
 * Stripe events as events (docs.stripe.com, "The Event object"):
 *
 * <pre>
 * id       the body's id (evt_…, the same on every retry); else the body's SHA-256
 * type     com.stripe.&lt;type&gt;       com.stripe.invoice.paid
 * source   /hooks/&lt;name&gt;
 * subject  data.object.id (snapshot events) or related_object.id (thin events)
 * time     created (Unix seconds, or RFC 3339 in thin events); else the receive time
 * </pre>
 */
final class StripeMapping implements ProviderMapping {
    @Override
    public String id(HookRequest request, Payload payload) {
        String id = payload.text("id");
        return id == null ? payload.sha256Hex() : id;
    }

    @Override
    public String type(HookRequest request, Payload payload) {
        return "com.stripe." + ProviderMapping.segment("body.type", payload.text("type"));
    }

    @Override
    public String subject(HookRequest request, Payload payload) {
        String object = payload.text("data", "object", "id");
        return object != null ? object : payload.text("related_object", "id");
    }

    @Override
    public Instant time(HookRequest request, Payload payload) {
        Instant created = ProviderMapping.epochSeconds(payload.node("created"));
        return created != null ? created : ProviderMapping.rfc3339(payload.text("created"));
    }
}
