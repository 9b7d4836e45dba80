package dev.tributary.server.hooks;

import java.util.List;

/**
 * Shopify webhooks: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>}, keyed with the app's client
 * secret (shopify.dev, "Deliver webhooks through HTTPS", "Verify a webhook"). Shopify signs no timestamp.
 *
 * @param secrets the app's client secret; two while rotating
 */
public record ShopifyConfig(List<HookSecret> secrets, EventOptions events) implements HookConfig {
    public ShopifyConfig {
        secrets = ConfigRules.secrets("secrets", secrets);
        events = events == null ? EventOptions.none() : events;
    }

    @Override
    public String provider() {
        return "shopify";
    }
}
