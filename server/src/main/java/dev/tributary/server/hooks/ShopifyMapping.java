package dev.tributary.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;

/**
 * Shopify webhooks as events (shopify.dev, "Webhooks", "Headers"):
 *
 * <pre>
 * id       X-Shopify-Webhook-Id (the same on every retry of one delivery); else X-Shopify-Event-Id; else the body's
 *          SHA-256
 * type     com.shopify.&lt;X-Shopify-Topic, / as .&gt;   com.shopify.orders.create
 * source   https://&lt;X-Shopify-Shop-Domain&gt;, else /hooks/&lt;name&gt;
 * subject  the body's id (the order's, product's… id)
 * time     X-Shopify-Triggered-At (RFC 3339); else the receive time
 * </pre>
 */
final class ShopifyMapping implements ProviderMapping {
    static final String TOPIC = "X-Shopify-Topic";

    @Override
    public String id(HookRequest request, Payload payload) {
        for (String header : new String[] {"X-Shopify-Webhook-Id", "X-Shopify-Event-Id"}) {
            String id = request.headers().first(header);
            if (id != null && !id.isBlank()) {
                return id.strip();
            }
        }
        return payload.sha256Hex();
    }

    @Override
    public String type(HookRequest request, Payload payload) {
        String topic = request.headers().first(TOPIC);
        return "com.shopify." + ProviderMapping.segment(TOPIC, topic == null ? null : topic.strip().replace('/', '.'));
    }

    @Override
    public URI source(HookRequest request, Payload payload) {
        String shop = request.headers().first("X-Shopify-Shop-Domain");
        boolean host = shop != null && !shop.isBlank() && shop.strip().chars().allMatch(c -> (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.');
        return host ? URI.create("https://" + shop.strip()) : null;
    }

    @Override
    public String subject(HookRequest request, Payload payload) {
        JsonNode id = payload.node("id");
        return id.isIntegralNumber() || (id.isTextual() && !id.asText().isBlank()) ? id.asText() : null;
    }

    @Override
    public Instant time(HookRequest request, Payload payload) {
        String triggered = request.headers().first("X-Shopify-Triggered-At");
        return ProviderMapping.rfc3339(triggered == null ? null : triggered.strip());
    }
}
