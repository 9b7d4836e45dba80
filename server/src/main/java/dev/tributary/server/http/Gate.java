package dev.tributary.server.http;

import dev.tributary.server.auth.ApiKeyToken;
import dev.tributary.server.auth.ApiKeys;
import dev.tributary.server.auth.AuthSettings;
import dev.tributary.server.auth.Authentication;
import dev.tributary.server.auth.FailureThrottle;
import dev.tributary.server.auth.JwtVerifier;
import dev.tributary.server.auth.Principal;
import dev.tributary.server.auth.Security;
import dev.tributary.server.tls.ClientCertificates;
import dev.tributary.server.metrics.NodeMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The authentication stage, before any body is read: finds the caller's credential ({@code Authorization: Bearer}
 * with an API key or, when an OIDC provider is configured, a JWT), checks it, and leaves the {@link Principal} on the
 * request for the routes' {@link Access} guards. A refusal is a 401 with {@code WWW-Authenticate: Bearer} that says
 * nothing of the resource asked for; a client address that keeps failing is answered 429 for the rest of its minute.
 * A known key is checked on the event loop (one SHA-256); an unknown one, or a JWT, on the worker pool.
 */
final class Gate implements Handler<RoutingContext> {
    private static final String REALM = "Bearer realm=\"tributary\"";

    private final Vertx vertx;
    private final AuthSettings settings;
    private final ApiKeys keys;
    private final Optional<JwtVerifier> jwt;
    private final FailureThrottle throttle;
    private final ClientCertificates certificates;
    private final NodeMetrics metrics;

    Gate(Vertx vertx, Security security, NodeMetrics metrics) {
        this.vertx = vertx;
        this.settings = security.settings();
        this.keys = security.keys();
        this.jwt = security.jwt();
        this.throttle = security.throttle();
        this.certificates = security.certificates();
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!settings.required()) {
            Access.admit(ctx, Principal.UNAUTHENTICATED);
            return;
        }
        String path = ctx.request().path();
        if (path.equals("/health/live") || settings.openRoutes().contains(path) || HookRoutes.isIngest(ctx)) {
            Access.admitOpen(ctx);
            return;
        }
        String address = Access.address(ctx);
        Optional<Duration> wait = throttle.blocked(address);
        if (wait.isPresent()) {
            metrics.authenticationFailed("throttled");
            Problem.of(429, "too-many-failed-authentications", "Too many failed authentications",
                            "this address failed to authenticate too often; try again later")
                    .retryAfter((int) Math.max(1, wait.get().toSeconds()))
                    .send(ctx.response());
            return;
        }
        String header = ctx.request().getHeader("authorization");
        if ((header == null || header.isBlank()) && ctx.request().isSSL()) {
            Optional<Principal> holder = certificateHolder(ctx);
            if (holder.isPresent()) {
                Access.admit(ctx, holder.get());
                return;
            }
        }
        if (header == null || header.isBlank()) {
            refuse(ctx, Authentication.refused("missing-credential",
                    "this route needs a credential: Authorization: Bearer <API key or token>"), false);
            return;
        }
        if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            refuse(ctx, Authentication.refused("malformed-credential",
                    "the Authorization header must be Bearer <API key or token>"), true);
            return;
        }
        String token = header.substring(7).strip();
        // Checks that go to the worker pool return later: hold the body until the body-reading stage asks for it.
        ctx.request().pause();
        if (ApiKeyToken.looksLikeKey(token)) {
            checkKey(ctx, token);
        } else if (jwt.isPresent()) {
            vertx.executeBlocking(() -> jwt.get().verify(token), false)
                    .onComplete(result -> decide(ctx, result.succeeded() ? result.result()
                            : Authentication.refused("invalid-token", "the token could not be checked")));
        } else {
            refuse(ctx, Authentication.refused("malformed-credential",
                    "the bearer token is not an API key (tbk_…), and this node accepts no JWTs"), true);
        }
    }

    /** The principal of a verified client certificate (mutual TLS) whose subject is mapped to scopes. */
    private Optional<Principal> certificateHolder(RoutingContext ctx) {
        try {
            var chain = ctx.request().connection().peerCertificates();
            if (chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate leaf) {
                return certificates.principal(leaf);
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // a client without a certificate may still send a key
        }
        return Optional.empty();
    }

    private void checkKey(RoutingContext ctx, String text) {
        Optional<ApiKeyToken> token = ApiKeyToken.parse(text);
        if (token.isEmpty()) {
            refuse(ctx, Authentication.refused("malformed-credential", "the API key is malformed"), true);
            return;
        }
        var cached = keys.cached(token.get().id());
        if (cached.isPresent()) {
            decide(ctx, keys.check(token.get(), cached));
            return;
        }
        vertx.executeBlocking(() -> keys.check(token.get(), keys.load(token.get().id())), false)
                .onComplete(result -> decide(ctx, result.succeeded() ? result.result()
                        : Authentication.refused("unavailable", "the key store could not be read")));
    }

    private void decide(RoutingContext ctx, Authentication outcome) {
        if (outcome.succeeded()) {
            Access.admit(ctx, outcome.principal().get());
        } else {
            refuse(ctx, outcome, true);
        }
    }

    private void refuse(RoutingContext ctx, Authentication outcome, boolean tokenGiven) {
        throttle.failed(Access.address(ctx));
        metrics.authenticationFailed(outcome.reason());
        // RFC 6750: name the error only when a token was sent
        ctx.response().putHeader("www-authenticate", tokenGiven ? REALM + ", error=\"invalid_token\"" : REALM);
        Problem.of(401, "unauthenticated", "Unauthenticated", outcome.message())
                .with("reason", outcome.reason())
                .send(ctx.response());
    }
}
