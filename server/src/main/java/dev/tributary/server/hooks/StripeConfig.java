package dev.tributary.server.hooks;

import java.time.Duration;
import java.util.List;

/**
 * Stripe webhooks: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]}, each {@code v1} an
 * HMAC-SHA256 of {@code t + "." + body} keyed with the endpoint's signing secret, the {@code whsec_…} text itself
 * (docs.stripe.com, "Check the webhook signatures"). Any matching {@code v1} is enough; {@code v0} is ignored.
 *
 * @param secrets the endpoint's signing secret; two while rotating
 * @param tolerance how far {@code t} may be from the receive time, either way (default PT5M, PT1S..PT1H)
 */
public record StripeConfig(List<HookSecret> secrets, Duration tolerance, EventOptions events) implements HookConfig {
    public StripeConfig {
        secrets = ConfigRules.secrets("secrets", secrets);
        tolerance = ConfigRules.tolerance("tolerance", tolerance);
        events = events == null ? EventOptions.none() : events;
    }

    @Override
    public String provider() {
        return "stripe";
    }
}
