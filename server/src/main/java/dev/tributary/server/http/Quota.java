package dev.tributary.server.http;

import dev.tributary.server.auth.RateLimitedException;
import dev.tributary.server.auth.RateLimiter;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The rate-limit stage, right after authentication: a caller over its requests per second is answered 429 with
 * {@code Retry-After} before its body is read. Events per second are taken once a request's events are decoded
 * ({@link IngestChecks}).
 */
final class Quota implements Handler<RoutingContext> {
    private final RateLimiter limiter;

    Quota(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var wait = Access.principalIfAny(ctx).flatMap(limiter::request);
        if (wait.isPresent()) {
            Problem.from(new RateLimitedException("requests", wait.get())).send(ctx.response());
            return;
        }
        ctx.next();
    }
}
