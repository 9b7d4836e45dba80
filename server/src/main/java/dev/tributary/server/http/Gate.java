package dev.tributary.server.http;

import dev.tributary.server.auth.AuthSettings;
import dev.tributary.server.auth.Authentication;
import dev.tributary.server.auth.Authenticator;
import dev.tributary.server.auth.Authenticator.Verdict;
import dev.tributary.server.auth.Principal;
import dev.tributary.server.auth.Security;
import dev.tributary.server.metrics.NodeMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The authentication stage, before any body is read: finds the caller's credential ({@code Authorization: Bearer}
 * with an API key or, when an OIDC provider is configured, a JWT), has the node's {@link Authenticator} check it, and
 * leaves the {@link Principal} on the request for the routes' {@link Access} guards. A refusal is a 401 with
 * {@code WWW-Authenticate: Bearer} that says nothing of the resource asked for; a client address that keeps failing is
 * answered 429 for the rest of its minute. A known key is checked on the event loop (one SHA-256); an unknown one, or a
 * JWT, on the worker pool.
 */
final class Gate implements Handler<RoutingContext> {
    private static final String REALM = "Bearer realm=\"tributary\"";

    private final Vertx vertx;
    private final AuthSettings settings;
    private final Authenticator authenticator;

    Gate(Vertx vertx, Security security, NodeMetrics metrics) {
        this.vertx = vertx;
        this.settings = security.settings();
        this.authenticator = new Authenticator(security, metrics::authenticationFailed);
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
        Verdict verdict = authenticator.authenticate(address, ctx.request().getHeader("authorization"),
                () -> certificate(ctx));
        if (verdict instanceof Verdict.Deferred deferred) {
            // Checks that go to the worker pool return later: hold the body until the body-reading stage asks for it.
            ctx.request().pause();
            vertx.executeBlocking(deferred::check, false).onComplete(result -> decide(ctx, authenticator.finish(
                    address, result.succeeded() ? result.result() : deferred.onFailure())));
            return;
        }
        decide(ctx, verdict);
    }

    /** The verified client certificate (mutual TLS), if the connection has one. */
    private static Optional<X509Certificate> certificate(RoutingContext ctx) {
        if (!ctx.request().isSSL()) {
            return Optional.empty();
        }
        try {
            var chain = ctx.request().connection().peerCertificates();
            if (chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate leaf) {
                return Optional.of(leaf);
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // a client without a certificate may still send a key
        }
        return Optional.empty();
    }

    private void decide(RoutingContext ctx, Verdict verdict) {
        switch (verdict) {
            case Verdict.Admitted admitted -> Access.admit(ctx, admitted.principal());
            case Verdict.Throttled throttled -> Problem.of(429, "too-many-failed-authentications",
                            "Too many failed authentications",
                            "this address failed to authenticate too often; try again later")
                    .retryAfter((int) Math.max(1, throttled.retryAfter().toSeconds()))
                    .send(ctx.response());
            case Verdict.Refused refused -> refuse(ctx, refused.outcome(), refused.tokenGiven());
            case Verdict.Deferred deferred -> throw new IllegalStateException("a deferred check was not run");
        }
    }

    private static void refuse(RoutingContext ctx, Authentication outcome, boolean tokenGiven) {
        // RFC 6750: name the error only when a token was sent
        ctx.response().putHeader("www-authenticate", tokenGiven ? REALM + ", error=\"invalid_token\"" : REALM);
        Problem.of(401, "unauthenticated", "Unauthenticated", outcome.message())
                .with("reason", outcome.reason())
                .send(ctx.response());
    }
}
