package dev.tributary.server.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * How bearer tokens from an OIDC provider are checked.
 *
 * @param jwks where the provider's signing keys are: an {@code https://} (or {@code http://}) URL, fetched and cached
 *     (refreshed when a token names a key not in the cache, and every 15 minutes), or a JWKS file, re-read when it
 *     changes ({@code jwt-jwks})
 * @param issuer the {@code iss} a token must carry ({@code jwt-issuer})
 * @param audience the {@code aud} a token must include ({@code jwt-audience})
 * @param scopesClaim the claim whose entries (a space-separated string or an array) are Tributary scopes; entries
 *     that are not scopes, such as {@code openid}, are ignored ({@code jwt-scopes-claim}, default {@code scope})
 * @param clockSkew how far {@code exp} and {@code nbf} may be off ({@code jwt-clock-skew}, default PT1M, at most PT5M)
 */
public record JwtSettings(String jwks, String issuer, String audience, String scopesClaim, Duration clockSkew) {
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(1);

    public JwtSettings {
        require(jwks, "jwt-jwks");
        require(issuer, "jwt-issuer");
        require(audience, "jwt-audience");
        require(scopesClaim, "jwt-scopes-claim");
        if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("jwt-clock-skew must be within 0..PT5M, was " + clockSkew);
        }
    }

    /** The settings when {@code jwt-jwks} is given, or none. */
    public static Optional<JwtSettings> of(String jwks, String issuer, String audience, String scopesClaim,
            Duration clockSkew) {
        if (jwks == null) {
            if (issuer != null || audience != null) {
                throw new IllegalArgumentException("jwt-jwks must be given with jwt-issuer and jwt-audience");
            }
            return Optional.empty();
        }
        return Optional.of(new JwtSettings(jwks, issuer, audience, scopesClaim == null ? "scope" : scopesClaim,
                clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew));
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be given when jwt-jwks is");
        }
    }
}
