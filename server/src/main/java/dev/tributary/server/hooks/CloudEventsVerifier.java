package dev.tributary.server.hooks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;

/**
 * Authorises a CloudEvents webhook delivery ({@link CloudEventsConfig}) the two ways the CloudEvents web-hook spec §3
 * requires a target to support: {@code Authorization: Bearer <token>}, or the {@code access_token} query parameter
 * (RFC 6750 §2.1 and §2.3). Sending both is refused, as RFC 6750 §2 forbids it. Tokens are compared by their SHA-256
 * in constant time. When the hook allows only some origins, a delivery must also carry an allowed
 * {@code WebHook-Request-Origin} (§2.1). Immutable, so thread-safe.
 */
final class CloudEventsVerifier extends SignatureVerifier {
    static final String AUTHORIZATION = "Authorization";
    static final String QUERY_TOKEN = "access_token";

    private final List<byte[]> digests;
    private final CloudEventsConfig config;

    CloudEventsVerifier(CloudEventsConfig config) {
        this.config = config;
        this.digests = config.tokens().stream().map(t -> ConstantTime.sha256(t.key())).toList();
    }

    @Override
    Verification check(HookRequest request) {
        List<String> headers = request.headers().all(AUTHORIZATION);
        List<String> query = FormFields.parse(request.query()).getOrDefault(QUERY_TOKEN, List.of());
        if (!headers.isEmpty() && !query.isEmpty()) {
            throw new Refusal(Verification.malformedHeader(AUTHORIZATION,
                    "send the token in the Authorization header or the access_token query parameter, not both"));
        }
        String where;
        String token;
        if (!query.isEmpty()) {
            where = QUERY_TOKEN;
            if (query.size() > 1) {
                throw new Refusal(Verification.malformedHeader(QUERY_TOKEN, "appears more than once"));
            }
            token = query.getFirst();
        } else {
            where = AUTHORIZATION;
            token = BearerToken.fromAuthorization(Signatures.header(request, AUTHORIZATION));
            if (token == null) {
                throw new Refusal(Verification.malformedHeader(AUTHORIZATION, "expected Bearer <token>"));
            }
        }
        if (!ConstantTime.anyEqual(ConstantTime.sha256(token.getBytes(UTF_8)), digests)) {
            return Verification.tokenMismatch(where);
        }
        return config.anyOrigin() ? Verification.ok() : origin(request);
    }

    private Verification origin(HookRequest request) {
        String origin = Signatures.header(request, AbuseProtection.REQUEST_ORIGIN);
        return AbuseProtection.allows(config, origin)
                ? Verification.ok()
                : Verification.originNotAllowed(AbuseProtection.REQUEST_ORIGIN);
    }
}
