package dev.tributary.server.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The abuse-protection handshake of the CloudEvents web-hook spec (§4, "HTTP 1.1 Web Hooks for Event Delivery"
 * 1.0.2): a sender asks, with {@code OPTIONS} and {@code WebHook-Request-Origin: <DNS name>}, whether this target
 * wants its notifications; consent is the {@code WebHook-Allowed-Origin} and {@code WebHook-Allowed-Rate} response
 * headers (§4.2), so a refusal is any answer without them.
 *
 * <pre>
 * OPTIONS + WebHook-Request-Origin, origin allowed  → 200, WebHook-Allowed-Origin: &lt;origin&gt;,
 *                                                     WebHook-Allowed-Rate: &lt;allowedRate&gt; or *,
 *                                                     Allow: OPTIONS, POST
 * OPTIONS + WebHook-Request-Origin, not allowed     → 403, no consent headers
 * OPTIONS without WebHook-Request-Origin            → 204, Allow: OPTIONS, POST (not a handshake)
 * </pre>
 *
 * <p>{@code WebHook-Allowed-Rate} is always sent: §4.2.2 requires it when the request has
 * {@code WebHook-Request-Rate} and recommends it otherwise. The rate granted is the configured one whatever was
 * asked.
 *
 * <p>{@code WebHook-Request-Callback} (§4.1.3, optional) is not followed: consent is always given synchronously in the
 * response, which the spec lets a target choose, and calling a URL named by an unauthenticated request would let
 * anyone make this node send requests anywhere. Stateless.
 */
final class AbuseProtection {
    static final String REQUEST_ORIGIN = "WebHook-Request-Origin";
    static final String ALLOWED_ORIGIN = "WebHook-Allowed-Origin";
    static final String ALLOWED_RATE = "WebHook-Allowed-Rate";
    static final String ALLOW = "OPTIONS, POST";

    private AbuseProtection() {}

    /** The answer to an {@code OPTIONS} request to a hook of {@code config}. */
    static HookOutcome answer(CloudEventsConfig config, HookRequest request) {
        String origin = request.headers().first(REQUEST_ORIGIN);
        if (origin == null) {
            return new HookOutcome.Reply(204, Map.of("Allow", ALLOW), new byte[0]);
        }
        origin = origin.strip();
        if (!allows(config, origin)) {
            Verification refused = Verification.originNotAllowed(REQUEST_ORIGIN);
            return new HookOutcome.Refused(403, REQUEST_ORIGIN, refused.reason(),
                    refused.failure().orElseThrow().label(), Map.of("Allow", ALLOW));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Allow", ALLOW);
        // The spec allows the requested origin or "*"; echoing a DNS name is the form every sender understands.
        headers.put(ALLOWED_ORIGIN, isDnsName(origin) ? origin : CloudEventsConfig.ANY_ORIGIN);
        headers.put(ALLOWED_RATE, config.allowedRate().isPresent()
                ? Integer.toString(config.allowedRate().getAsInt()) : "*");
        return new HookOutcome.Reply(200, headers, new byte[0]);
    }

    /** Whether {@code origin} (a DNS name, compared ignoring case) may send to a hook of {@code config}. */
    static boolean allows(CloudEventsConfig config, String origin) {
        if (config.anyOrigin()) {
            return true;
        }
        for (String allowed : config.allowedOrigins()) {
            if (allowed.equalsIgnoreCase(origin.strip())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDnsName(String origin) {
        return !origin.isEmpty() && origin.length() <= 253 && origin.chars().allMatch(c -> (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.');
    }
}
