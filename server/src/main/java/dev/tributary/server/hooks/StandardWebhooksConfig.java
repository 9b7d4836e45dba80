package dev.tributary.server.hooks;

import dev.tributary.core.EventRules;
import dev.tributary.core.delivery.WebhookSecret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Standard Webhooks senders, Svix included: {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature: v1,<base64> [v1,<base64>…]} (or the same under {@code svix-*} names), each signature an
 * HMAC-SHA256 of {@code id + "." + timestamp + "." + body} keyed with the base64 after {@code whsec_}
 * (standardwebhooks.com, spec 1.0.0). Any matching {@code v1} is enough; other versions ({@code v1a}) are ignored.
 *
 * @param secrets {@code whsec_<base64>} secrets of 24 to 64 bytes; two while rotating
 * @param tolerance how far {@code webhook-timestamp} may be from the receive time, either way (default PT5M, as in
 *     every reference library; PT1S..PT1H)
 * @param defaultType the event type when the body has no string {@code type} (the spec's recommended payload has
 *     one); without it, {@code dev.tributary.hook.<hook name>}
 */
public record StandardWebhooksConfig(
        List<WebhookSecret> secrets, Duration tolerance, Optional<String> defaultType, EventOptions events)
        implements HookConfig {
    public StandardWebhooksConfig {
        secrets = ConfigRules.secrets("secrets", secrets);
        tolerance = ConfigRules.tolerance("tolerance", tolerance);
        defaultType = defaultType == null ? Optional.empty() : defaultType;
        defaultType.ifPresent(t -> ConfigRules.check("defaultType", () -> EventRules.nonBlank(t)));
        events = events == null ? EventOptions.none() : events;
    }

    @Override
    public String provider() {
        return "standard-webhooks";
    }
}
