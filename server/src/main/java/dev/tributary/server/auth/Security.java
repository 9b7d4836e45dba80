package dev.tributary.server.auth;

import dev.tributary.server.tls.ClientCertificates;
import java.time.Clock;
import java.util.Optional;

/** What authenticates a node's requests, shared by all its HTTP server instances. Thread-safe. */
public record Security(AuthSettings settings, ApiKeys keys, Optional<JwtVerifier> jwt, FailureThrottle throttle,
        ClientCertificates certificates, RateLimiter rates) {

    public static Security of(AuthSettings settings, ApiKeys keys, Clock clock, ClientCertificates certificates,
            RateLimiter rates) {
        return new Security(settings, keys, settings.jwt().map(JwtVerifier::new),
                new FailureThrottle(settings.maxFailuresPerMinute(), clock), certificates, rates);
    }
}
