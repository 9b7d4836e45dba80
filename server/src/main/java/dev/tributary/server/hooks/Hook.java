package dev.tributary.server.hooks;

import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.Names;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One inbound webhook, ready to receive: what {@code POST /v1/hooks/{name}} (and {@code OPTIONS} for the
 * CloudEvents handshake) calls with each request. Each request passes these stages once, in order, and the first
 * that decides ends it:
 *
 * <pre>
 * size      body over maxBodyBytes                        → Refused 413 body-too-large   (before any other work)
 * method    OPTIONS, cloudevents hook                     → the abuse-protection handshake (Reply / Refused 403)
 *           OPTIONS elsewhere, or not POST                → Refused 405, Allow
 * verify    the provider's signature or bearer token      → Refused 401 (403 for an origin not allowed)
 * handshake Slack url_verification                        → Reply 200 with the challenge
 * map       the provider's mapping to CloudEvents         → Accepted(events), or Refused 400 / 415
 * </pre>
 *
 * Nothing here writes: the route appends {@link HookOutcome.Accepted#events()} to the hook's bus and answers after
 * they are durable. Immutable and thread-safe; {@link #receive} never throws for any request, so one bad request
 * cannot fail the route.
 */
public final class Hook {
    private final String name;
    private final HookConfig config;
    private final HookLimits limits;
    private final Verifier verifier;
    private final EventMapping mapping;

    private Hook(String name, HookConfig config, HookLimits limits, Verifier verifier, EventMapping mapping) {
        this.name = name;
        this.config = config;
        this.limits = limits;
        this.verifier = verifier;
        this.mapping = mapping;
    }

    /**
     * The hook {@code name} of {@code config}.
     *
     * @param name 1–64 characters {@code a-z 0-9 _ -} starting with a letter or digit (the path segment and the
     *     default source {@code /hooks/<name>})
     * @throws IllegalArgumentException for a bad name
     */
    public static Hook of(String name, HookConfig config, HookLimits limits) {
        if (!Names.isBusName(name)) {
            throw new InvalidFieldException("name",
                    "must be 1-64 characters a-z 0-9 _ - starting with a letter or digit, was \"" + name + "\"");
        }
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(limits, "limits");
        EventMapping mapping = switch (config) {
            case GitHubConfig c -> new ProviderEvents(name, new GitHubMapping(), c.events());
            case StripeConfig c -> new ProviderEvents(name, new StripeMapping(), c.events());
            case StandardWebhooksConfig c -> new ProviderEvents(name, new StandardWebhooksMapping(name, c), c.events());
            case ShopifyConfig c -> new ProviderEvents(name, new ShopifyMapping(), c.events());
            case SlackConfig c -> new ProviderEvents(name, new SlackMapping(), c.events());
            case HmacConfig c -> new ProviderEvents(name, new HmacMapping(name, c), c.events());
            case CloudEventsConfig c -> new CloudEventsMapping(c.events(), limits.maxBatchEvents());
        };
        return new Hook(name, config, limits, Verifier.of(config), mapping);
    }

    public String name() {
        return name;
    }

    public HookConfig config() {
        return config;
    }

    /** The largest body accepted: the route should stop reading a body at this size. */
    public int maxBodyBytes() {
        return limits.maxBodyBytes();
    }

    /** What to do with {@code request}; never throws. */
    public HookOutcome receive(HookRequest request) {
        int size = request.body().length;
        if (size > limits.maxBodyBytes()) {
            return refused(413, "body", "is " + size + " bytes, more than the limit of " + limits.maxBodyBytes()
                    + " bytes", "body-too-large", Map.of());
        }
        boolean cloudEvents = config instanceof CloudEventsConfig;
        if (request.method().equals("OPTIONS") && cloudEvents) {
            return AbuseProtection.answer((CloudEventsConfig) config, request);
        }
        if (!request.method().equals("POST")) {
            String allow = cloudEvents ? AbuseProtection.ALLOW : "POST";
            return refused(405, "method", request.method() + " is not allowed; use " + allow, "method-not-allowed",
                    Map.of("Allow", allow));
        }
        Verification verification = verifier.verify(request);
        if (!verification.isOk()) {
            Verification.Failure failure = verification.failure().orElseThrow();
            boolean forbidden = failure == Verification.Failure.ORIGIN_NOT_ALLOWED;
            // RFC 9110 §15.5.2: a 401 names the scheme to use; bearer tokens are the CloudEvents hooks' scheme.
            Map<String, String> headers = cloudEvents && !forbidden ? Map.of("WWW-Authenticate", "Bearer") : Map.of();
            return refused(forbidden ? 403 : 401, verification.header(), verification.reason(), failure.label(),
                    headers);
        }
        Payload payload = new Payload(request);
        if (config instanceof SlackConfig) {
            Optional<HookOutcome> challenge = SlackMapping.challenge(request, payload);
            if (challenge.isPresent()) {
                return challenge.get();
            }
        }
        try {
            return new HookOutcome.Accepted(mapping.events(request, payload));
        } catch (Refusal e) {
            // Mappings read only headers the verifier already checked; this keeps receive() total all the same.
            Verification refused = e.verification();
            return refused(401, refused.header(), refused.reason(), refused.failure().orElseThrow().label(), Map.of());
        } catch (UnsupportedBody e) {
            return refused(415, e.field(), e.reason(), "unsupported-media-type", Map.of());
        } catch (InvalidFieldException e) {
            return refused(400, e.field(), e.reason(), "invalid-event", Map.of());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The SDK's builder refusing what the checks let through would be our bug, but still not the route's end.
            return refused(400, "body", "makes no valid event: " + e.getMessage(), "invalid-event", Map.of());
        }
    }

    private static HookOutcome.Refused refused(
            int status, String field, String reason, String label, Map<String, String> headers) {
        return new HookOutcome.Refused(status, field, reason, label, headers);
    }

    @Override
    public String toString() {
        return "hook '" + name + "' (" + config.provider() + ")";
    }
}
