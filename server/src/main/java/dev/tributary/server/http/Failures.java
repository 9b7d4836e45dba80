package dev.tributary.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The router's failure stage: answers every failed request (an exception a route let escape, a status a Vert.x Web
 * stage failed with) as a problem, so that no failure reaches Vert.x Web's plain-text default answer. Unknown
 * exceptions are internal errors (500, logged by {@link Problem#from}). Stateless.
 */
final class Failures implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure != null) {
            Problem.from(failure).send(ctx.response());
            return;
        }
        int status = ctx.statusCode() >= 400 && ctx.statusCode() <= 599 ? ctx.statusCode() : 500;
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        Problem.of(status, status < 500 ? "invalid-request" : "internal", reason, reason).send(ctx.response());
    }
}
