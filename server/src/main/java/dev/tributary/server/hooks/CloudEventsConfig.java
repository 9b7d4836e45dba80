package dev.tributary.server.hooks;

import dev.tributary.core.InvalidFieldException;
import java.util.List;
import java.util.OptionalInt;

/**
 * CloudEvents senders, as the CloudEvents "HTTP 1.1 Web Hooks for Event Delivery" spec (1.0.2) describes them: the
 * request is a CloudEvent (binary, structured or batch mode) authorised by an OAuth 2.0 bearer token, sent in
 * {@code Authorization: Bearer <token>} or in the {@code access_token} query parameter (§3: a target must support
 * both). The spec's abuse-protection handshake (§4) is answered for the origins allowed here.
 *
 * @param tokens the bearer token; two while rotating. At least {@value #MIN_TOKEN_LENGTH} characters of the RFC 6750
 *     {@code b64token} alphabet ({@code A-Z a-z 0-9 - . _ ~ + /}, then {@code =}s)
 * @param allowedOrigins the {@code WebHook-Request-Origin} DNS names the handshake consents to and a delivery must
 *     carry, or {@code ["*"]} (the default) for any origin, deliveries without the header included
 * @param allowedRate requests per minute granted in {@code WebHook-Allowed-Rate} (1..1000000); empty grants
 *     {@code *}, no limit
 */
public record CloudEventsConfig(
        List<HookSecret> tokens, List<String> allowedOrigins, OptionalInt allowedRate, EventOptions events)
        implements HookConfig {
    /** Shortest token accepted: a bearer token is the only credential, so it must not be guessable. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** Most allowed origins. */
    public static final int MAX_ORIGINS = 16;
    /** Any origin. */
    public static final String ANY_ORIGIN = "*";

    private static final int MAX_RATE = 1_000_000;
    private static final int MAX_DNS_NAME = 253;

    public CloudEventsConfig {
        tokens = ConfigRules.secrets("tokens", tokens);
        for (int i = 0; i < tokens.size(); i++) {
            checkToken("tokens[" + i + "]", tokens.get(i).text());
        }
        allowedOrigins = allowedOrigins == null || allowedOrigins.isEmpty()
                ? List.of(ANY_ORIGIN)
                : List.copyOf(allowedOrigins);
        if (allowedOrigins.size() > MAX_ORIGINS) {
            throw new InvalidFieldException(
                    "allowedOrigins", "must have at most " + MAX_ORIGINS + " origins, has " + allowedOrigins.size());
        }
        for (int i = 0; i < allowedOrigins.size(); i++) {
            checkOrigin("allowedOrigins[" + i + "]", allowedOrigins.get(i), allowedOrigins.size());
        }
        allowedRate = allowedRate == null ? OptionalInt.empty() : allowedRate;
        if (allowedRate.isPresent() && (allowedRate.getAsInt() < 1 || allowedRate.getAsInt() > MAX_RATE)) {
            throw new InvalidFieldException("allowedRate", "must be within 1.." + MAX_RATE
                    + " requests per minute, was " + allowedRate.getAsInt());
        }
        events = events == null ? EventOptions.none() : events;
    }

    @Override
    public String provider() {
        return "cloudevents";
    }

    /** Whether deliveries from any origin are allowed, without a {@code WebHook-Request-Origin} too. */
    public boolean anyOrigin() {
        return allowedOrigins.contains(ANY_ORIGIN);
    }

    private static void checkToken(String field, String token) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new InvalidFieldException(field, "must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
        if (!BearerToken.isB64Token(token)) {
            throw new InvalidFieldException(field, "must be A-Z a-z 0-9 - . _ ~ + / followed by optional '='s");
        }
    }

    private static void checkOrigin(String field, String origin, int count) {
        if (ANY_ORIGIN.equals(origin)) {
            if (count > 1) {
                throw new InvalidFieldException(field, "\"*\" allows every origin and must stand alone");
            }
            return;
        }
        boolean dns = origin != null && !origin.isEmpty() && origin.length() <= MAX_DNS_NAME
                && origin.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9') || c == '-' || c == '.');
        if (!dns) {
            throw new InvalidFieldException(field, "must be a DNS name such as eventemitter.example.com, or \"*\"");
        }
    }
}
