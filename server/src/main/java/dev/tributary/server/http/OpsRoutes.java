package dev.tributary.server.http;

import io.vertx.core.buffer.Buffer;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/** Health, metrics and the OpenAPI description. */
final class OpsRoutes {
    static final String OPENAPI_RESOURCE = "/openapi.json";

    private final Api api;
    private final BooleanSupplier ready;
    private final Buffer openapi;

    OpsRoutes(Api api, BooleanSupplier ready) {
        this.api = api;
        this.ready = ready;
        this.openapi = Buffer.buffer(openapiBytes());
    }

    static byte[] openapiBytes() {
        try (InputStream in = OpsRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void mount(Router router) {
        router.get("/health/live").handler(ctx -> health(ctx, true));
        router.get("/health/ready").handler(Access.node(Kind.METRICS)).handler(ctx -> health(ctx, ready.getAsBoolean()));
        router.get("/metrics").handler(Access.node(Kind.METRICS)).handler(this::metrics);
        router.get("/openapi.json").handler(Access.authenticated()).handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .end(openapi));
    }

    private static void health(RoutingContext ctx, boolean up) {
        ctx.response()
                .setStatusCode(up ? 200 : 503)
                .putHeader("content-type", "application/json")
                .end(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    private void metrics(RoutingContext ctx) {
        api.vertx.executeBlocking(api.metrics::scrape, false).onComplete(result -> {
            if (result.failed()) {
                Problem.from(result.cause()).send(ctx.response());
                return;
            }
            ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(result.result());
        });
    }
}
