package dev.tributary.server.http;

import dev.tributary.broker.Bus;
import dev.tributary.broker.Buses;
import dev.tributary.broker.delivery.DeliveryRecords;
import dev.tributary.broker.subscription.Subscriptions;
import dev.tributary.broker.store.SubscriptionNotFoundException;
import dev.tributary.core.Names;
import dev.tributary.server.auth.ForbiddenException;
import dev.tributary.server.auth.Principal;
import dev.tributary.server.auth.Scope.Kind;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** What every route needs: the node's buses, settings and metrics, and the plumbing to answer. Thread-safe. */
final class Api {
    final Vertx vertx;
    final Buses buses;
    final Subscriptions subscriptions;
    final DeliveryRecords deliveries;
    final NodeConfig config;
    final NodeMetrics metrics;
    final EventBodies bodies;
    final IngestChecks ingest;
    final SchemaCheck schemas;

    Api(Vertx vertx, Buses buses, Subscriptions subscriptions, DeliveryRecords deliveries, NodeConfig config,
            NodeMetrics metrics, IngestChecks ingest) {
        this.ingest = ingest;
        this.schemas = ingest.schemas();
        this.vertx = vertx;
        this.buses = buses;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.config = config;
        this.metrics = metrics;
        this.bodies = new EventBodies(config.maxEventBytes(), config.maxBatchEvents());
    }

    /** The bus named by the {@code bus} path parameter; 404 if there is none, 400 if the name is malformed. */
    Bus bus(RoutingContext ctx) {
        String name = ctx.pathParam("bus");
        try {
            Names.requireBusName(name);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("bus", e.getMessage());
        }
        return buses.get(name);
    }

    /**
     * The guard of a {@code /v1/subscriptions/:id…} route: the caller needs {@code subscribe} on the subscription's
     * bus. A caller with it on every bus passes at once (the route then answers 404 for a missing subscription); any
     * other caller gets the same 403 whether the subscription is missing or on a bus it has no right on.
     */
    Handler<RoutingContext> ownSubscription() {
        return ctx -> {
            Principal caller = Access.principal(ctx);
            if (caller.allowsEveryBus(Kind.SUBSCRIBE)) {
                ctx.next();
                return;
            }
            String id = ctx.pathParam("id");
            ForbiddenException refusal = new ForbiddenException("subscribe:<the subscription's bus>", "");
            if (!caller.allowsSomeBus(Kind.SUBSCRIBE)) {
                Problem.from(refusal).send(ctx.response());
                return;
            }
            vertx.executeBlocking(() -> {
                try {
                    return subscriptions.get(id).spec().bus();
                } catch (SubscriptionNotFoundException e) {
                    return null;
                }
            }, false).onComplete(bus -> {
                if (bus.failed()) {
                    Problem.from(bus.cause()).send(ctx.response());
                } else if (bus.result() != null && caller.allows(Kind.SUBSCRIBE, bus.result())) {
                    ctx.next();
                } else {
                    Problem.from(refusal).send(ctx.response());
                }
            });
        };
    }

    /** Wraps a handler so that anything it throws is answered as a problem. */
    static Handler<RoutingContext> safe(Handler<RoutingContext> handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (RuntimeException e) {
                Problem.from(e).send(ctx.response());
            }
        };
    }

    /** Runs blocking work (file I/O) on a worker thread, unordered, and answers with its JSON or its problem. */
    <T> void blocking(RoutingContext ctx, Callable<T> work, Function<T, Buffer> json, int status) {
        vertx.executeBlocking(work, false).onComplete(result -> {
            if (result.succeeded()) {
                send(ctx, status, json.apply(result.result()));
            } else {
                Problem.from(result.cause()).send(ctx.response());
            }
        });
    }

    /** Answers with the JSON of an asynchronous result, back on the request's event loop. */
    <T> void async(RoutingContext ctx, CompletionStage<T> work, Function<T, Buffer> json) {
        Future.fromCompletionStage(work, ctx.vertx().getOrCreateContext()).onComplete(result -> {
            if (result.succeeded()) {
                try {
                    send(ctx, 200, json.apply(result.result()));
                } catch (RuntimeException e) {
                    Problem.from(e).send(ctx.response());
                }
            } else {
                Problem.from(result.cause()).send(ctx.response());
            }
        });
    }

    static void send(RoutingContext ctx, int status, Buffer json) {
        if (status == 204) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(json);
    }
}
