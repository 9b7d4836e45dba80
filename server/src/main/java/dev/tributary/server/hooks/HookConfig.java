package dev.tributary.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.InvalidFieldException;
import java.time.Duration;
import java.util.List;

/**
 * How one inbound webhook is verified and turned into events: the provider's scheme, its secrets and the
 * {@link EventOptions}. One record per provider; each validates itself on construction and throws an
 * {@link InvalidFieldException} (an {@link IllegalArgumentException}) naming the member, as the JSON writes it.
 * Immutable, so thread-safe; {@code toString()} never shows a secret.
 *
 * <p>JSON, as the API stores and answers it ({@link #fromJson}, {@link #toJson}):
 *
 * <pre>
 * {"provider": "github",            "secrets": ["…"]}
 * {"provider": "stripe",            "secrets": ["whsec_…"], "tolerance": "PT5M"}
 * {"provider": "standard-webhooks", "secrets": ["whsec_…"], "tolerance": "PT5M", "defaultType": "com.example.ping"}
 * {"provider": "shopify",           "secrets": ["…"]}
 * {"provider": "slack",             "secrets": ["…"], "tolerance": "PT5M"}
 * {"provider": "hmac",              "secrets": ["…"], "header": "X-Signature", "algorithm": "sha256",
 *                                   "encoding": "hex", "prefix": "sha256=", "signedContent": "{timestamp}.{body}",
 *                                   "timestampHeader": "X-Timestamp", "tolerance": "PT5M", "idHeader": "X-Delivery"}
 * {"provider": "cloudevents",       "tokens": ["…"], "allowedOrigins": ["*"], "allowedRate": 120}
 * </pre>
 *
 * Every provider also takes {@code "type"}, {@code "source"} and {@code "extensions": {"<header>": "<extension>"}}
 * ({@link EventOptions}). {@code secrets} (and {@code tokens}) hold one value, or two while rotating: a request
 * signed with either is accepted.
 */
public sealed interface HookConfig
        permits GitHubConfig,
                StripeConfig,
                StandardWebhooksConfig,
                ShopifyConfig,
                SlackConfig,
                HmacConfig,
                CloudEventsConfig {
    /** The providers, as {@code "provider"} names them. */
    List<String> PROVIDERS =
            List.of("github", "stripe", "standard-webhooks", "shopify", "slack", "hmac", "cloudevents");
    /** How a secret is shown in answers; sent back in an update, the k-th {@code "***"} keeps the k-th stored one. */
    String REDACTED = "***";
    /** Secrets (or tokens) at once: the current one and, during a rotation, the previous one. */
    int MAX_SECRETS = 2;
    /** The timestamp tolerance of Stripe, Standard Webhooks, Slack and timestamped hmac hooks unless configured. */
    Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** One of {@link #PROVIDERS}. */
    String provider();

    /** The fixed type and source and the header extensions. */
    EventOptions events();

    /**
     * Reads a configuration from its JSON object.
     *
     * @throws InvalidFieldException naming the member: {@code provider} unknown, {@code secrets} missing,
     *     {@code algorithm} or {@code encoding} not one of the choices, {@code tolerance} out of range, a member that
     *     is not known to the provider, a redacted secret ({@value #REDACTED}) with nothing stored to keep
     */
    static HookConfig fromJson(JsonNode json) {
        return HookConfigJson.read(json, null);
    }

    /**
     * Reads an update of {@code stored}: a secret sent as {@value #REDACTED} keeps the stored secret at the same
     * position, so a client can read a hook, change one member and send it back without ever holding its secrets,
     * and can rotate by sending {@code ["<new>", "***"]}.
     *
     * @throws InvalidFieldException as {@link #fromJson(JsonNode)}, and when a redacted secret has no stored one
     *     (another provider, or fewer secrets stored)
     */
    static HookConfig fromJson(JsonNode json, HookConfig stored) {
        return HookConfigJson.read(json, stored);
    }

    /**
     * The configuration as JSON, every default spelled out. With {@code redact} every secret and token shows as
     * {@value #REDACTED}: the form for API answers, since secrets are write-only. Without, the form to store.
     */
    default ObjectNode toJson(boolean redact) {
        return HookConfigJson.write(this, redact);
    }
}
