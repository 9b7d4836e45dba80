package dev.tributary.server.http;

import dev.tributary.server.auth.RateLimitedException;
import dev.tributary.server.auth.RateLimiter;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The rate-limit stage, right after authentication: a caller over its requests per second is answered 429 with
 * {@code Retry-After} before its body is read. Events per second are taken by the publishing routes, once they know
 * how many events a request carries ({@link #events}).
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

    /** Takes {@code count} events of the caller's rate, or throws {@link RateLimitedException}. */
    static void events(RoutingContext ctx, RateLimiter limiter, int count) {
        var wait = Access.principalIfAny(ctx).flatMap(p -> limiter.events(p, count));
        if (wait.isPresent()) {
            throw new RateLimitedException("events", wait.get());
        }
    }
}
