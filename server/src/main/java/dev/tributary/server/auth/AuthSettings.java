package dev.tributary.server.auth;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How a node authenticates requests.
 *
 * @param required whether requests need a credential ({@code auth}: {@code keys}, the default, or {@code none}, which
 *     a node accepts only when it listens on loopback)
 * @param jwt how JWT bearer tokens are checked, when an OIDC provider is configured ({@code jwt-*} keys)
 * @param openRoutes which of {@code /health/ready}, {@code /metrics} and {@code /openapi.json} answer without a
 *     credential ({@code open-routes}, default {@code /health/ready,/openapi.json}; {@code /health/live} always does)
 * @param maxFailuresPerMinute failed authentications a client address may make in a minute before it is answered
 *     429 until the minute ends ({@code auth-failures-per-minute}, default 30, 1..100000)
 */
public record AuthSettings(boolean required, Optional<JwtSettings> jwt, Set<String> openRoutes,
        int maxFailuresPerMinute) {
    public static final List<String> OPENABLE = List.of("/health/ready", "/metrics", "/openapi.json");
    public static final Set<String> DEFAULT_OPEN = Set.of("/health/ready", "/openapi.json");
    public static final int DEFAULT_MAX_FAILURES = 30;

    public AuthSettings {
        jwt = jwt == null ? Optional.empty() : jwt;
        openRoutes = Set.copyOf(openRoutes);
        for (String route : openRoutes) {
            if (!OPENABLE.contains(route)) {
                throw new IllegalArgumentException("open-routes may list " + String.join(", ", OPENABLE) + ", not "
                        + route);
            }
        }
        if (maxFailuresPerMinute < 1 || maxFailuresPerMinute > 100_000) {
            throw new IllegalArgumentException(
                    "auth-failures-per-minute must be within 1..100000, was " + maxFailuresPerMinute);
        }
    }

    public static AuthSettings defaults() {
        return new AuthSettings(true, Optional.empty(), DEFAULT_OPEN, DEFAULT_MAX_FAILURES);
    }

    public static AuthSettings none() {
        return new AuthSettings(false, Optional.empty(), DEFAULT_OPEN, DEFAULT_MAX_FAILURES);
    }

    /** {@code keys} or {@code none}. */
    public static boolean parseMode(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "keys" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("auth must be keys or none, was " + text);
        };
    }

    public AuthSettings withRequired(boolean value) {
        return new AuthSettings(value, jwt, openRoutes, maxFailuresPerMinute);
    }
}
