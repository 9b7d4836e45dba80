package dev.tributary.server.http;

import dev.tributary.broker.Buses;
import dev.tributary.broker.delivery.DeliveryRecords;
import dev.tributary.broker.store.AuditLog;
import dev.tributary.broker.subscription.Subscriptions;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.auth.Security;
import dev.tributary.server.hooks.Hooks;
import dev.tributary.server.metrics.NodeMetrics;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Builds the router of the HTTP API (see {@code docs/http-api.md} and {@code /openapi.json}): measure → check the
 * request target → note changes for the audit log → authenticate → rate-limit → read the body (bounded, whole, validly framed) →
 * route, where each route's guard authorizes → answer, with every error as an RFC 9457 problem.
 */
public final class HttpApi {
    private HttpApi() {}

    public static Router router(
            Vertx vertx,
            Buses buses,
            Subscriptions subscriptions,
            DeliveryRecords deliveries,
            NodeConfig config,
            NodeMetrics metrics,
            BooleanSupplier ready,
            Security security,
            AuditLog audit,
            AtomicInteger auditPending,
            Hooks hooks,
            IngestChecks ingest) {
        Api api = new Api(vertx, buses, subscriptions, deliveries, config, metrics, ingest);
        Router router = Router.router(vertx);
        router.route().handler(ctx -> measure(ctx, metrics));
        router.route().handler(new RequestTarget());
        router.route().handler(new AuditTrail(vertx, audit, Clock.systemUTC(), auditPending));
        router.route().handler(new Gate(vertx, security, metrics));
        router.route().handler(new Quota(security.rates()));
        router.route().handler(new RequestBody(config.maxBatchBytes()));
        new BusRoutes(api).mount(router);
        new PublishRoutes(api).mount(router);
        new ReadRoutes(api).mount(router);
        new StreamRoutes(api).mount(router);
        new GroupRoutes(api).mount(router);
        new FollowRoutes(api).mount(router);
        new SubscriptionRoutes(api).mount(router);
        new DeliveryRoutes(api).mount(router);
        new OpsRoutes(api, ready).mount(router);
        new KeyRoutes(api, security.keys()).mount(router);
        new AuditRoutes(api, audit).mount(router);
        new HookRoutes(api, hooks, Clock.systemUTC()).mount(router);
        new SchemaRoutes(api).mount(router);
        router.route().failureHandler(new Failures());
        router.errorHandler(404, ctx -> Problem.of(404, "not-found", "Not found",
                        "no route for " + ctx.request().method() + " " + ctx.request().path())
                .send(ctx.response()));
        router.errorHandler(405, ctx -> Problem.of(405, "method-not-allowed", "Method not allowed",
                        ctx.request().method() + " is not allowed on " + ctx.request().path())
                .send(ctx.response()));
        // the last resort, should the failure stage itself fail
        router.errorHandler(500, ctx -> Problem.from(ctx.failure() == null ? new IllegalStateException("unknown")
                        : ctx.failure())
                .send(ctx.response()));
        return router;
    }

    private static void measure(RoutingContext ctx, NodeMetrics metrics) {
        long started = System.nanoTime();
        ctx.addBodyEndHandler(v -> {
            Route route = ctx.currentRoute();
            String path = route == null || route.getPath() == null ? "unmatched" : route.getPath();
            metrics.httpRequest(path, ctx.request().method().name(), ctx.response().getStatusCode(),
                    System.nanoTime() - started);
        });
        ctx.next();
    }
}
