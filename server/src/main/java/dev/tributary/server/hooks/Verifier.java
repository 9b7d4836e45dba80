package dev.tributary.server.hooks;

/**
 * Decides whether an inbound webhook request comes from the configured sender: a provider's signature over the raw
 * body (and, where the scheme has one, a signed timestamp within a tolerance), or a CloudEvents bearer token. Every
 * comparison of a received signature or token with an expected one takes constant time; a request is accepted if
 * it matches any configured secret (two during a rotation).
 *
 * <p>Implementations are immutable and thread-safe, never throw for any request, and never put the body, a
 * signature or a secret in a {@link Verification}'s reason.
 */
public interface Verifier {
    /** The verdict on {@code request}; never throws. */
    Verification verify(HookRequest request);

    /**
     * The verifier of {@code config}'s scheme. GitHub, Shopify and Slack are the one-header HMAC scheme with their
     * documented constants, so they share the code of the generic {@code hmac} provider:
     *
     * <pre>
     * github   X-Hub-Signature-256    sha256  hex     "sha256="  {body}
     * shopify  X-Shopify-Hmac-Sha256  sha256  base64  ""         {body}
     * slack    X-Slack-Signature      sha256  hex     "v0="      v0:{timestamp}:{body}
     *          (timestamp X-Slack-Request-Timestamp, tolerance as configured)
     * </pre>
     * Never throws: every config record validated itself on construction.
     */
    static Verifier of(HookConfig config) {
        return switch (config) {
            case GitHubConfig c -> new HmacVerifier(c.secrets(), "X-Hub-Signature-256", HmacConfig.Algorithm.SHA256,
                    HmacConfig.Encoding.HEX, "sha256=", SignedContent.parse("{body}"), null, null);
            case ShopifyConfig c -> new HmacVerifier(c.secrets(), "X-Shopify-Hmac-Sha256",
                    HmacConfig.Algorithm.SHA256, HmacConfig.Encoding.BASE64, "", SignedContent.parse("{body}"), null,
                    null);
            case SlackConfig c -> new HmacVerifier(c.secrets(), "X-Slack-Signature", HmacConfig.Algorithm.SHA256,
                    HmacConfig.Encoding.HEX, "v0=", SignedContent.parse("v0:{timestamp}:{body}"),
                    SlackMapping.TIMESTAMP, c.tolerance());
            case StripeConfig c -> new StripeVerifier(c);
            case StandardWebhooksConfig c -> new StandardWebhooksVerifier(c);
            case HmacConfig c -> HmacVerifier.of(c);
            case CloudEventsConfig c -> new CloudEventsVerifier(c);
        };
    }
}
