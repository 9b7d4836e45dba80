package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.broker.Bus;
import dev.tributary.broker.Buses;
import dev.tributary.broker.delivery.DeliveryRecords;
import dev.tributary.broker.subscription.Subscriptions;
import dev.tributary.core.Names;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** What every route needs: the node's buses, settings and metrics, and the plumbing to answer. Thread-safe. */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Vertx vertx;
    final Buses buses;
    final Subscriptions subscriptions;
    final DeliveryRecords deliveries;
    final NodeConfig config;
    final NodeMetrics metrics;
    final EventBodies bodies;
    /** Reads a request body, bounded by max-batch-bytes (413 beyond). */
    final BodyHandler body;

    Api(Vertx vertx, Buses buses, Subscriptions subscriptions, DeliveryRecords deliveries, NodeConfig config,
            NodeMetrics metrics) {
        this.vertx = vertx;
        this.buses = buses;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.config = config;
        this.metrics = metrics;
        this.bodies = new EventBodies(config.maxEventBytes(), config.maxBatchEvents());
        this.body = BodyHandler.create(false).setBodyLimit(config.maxBatchBytes());
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
     * A request body that must be one JSON object; otherwise a 400 naming {@code body}, with {@code example} of what
     * is expected. An empty body is an empty object when {@code example} is null (optional bodies).
     */
    static JsonNode jsonObject(Buffer body, String example) {
        if ((body == null || body.length() == 0) && example == null) {
            return JSON.createObjectNode();
        }
        JsonNode json;
        try {
            json = JSON.readTree(body == null ? new byte[0] : body.getBytes());
        } catch (JsonProcessingException e) {
            throw new BadRequestException("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (json == null || !json.isObject()) {
            throw new BadRequestException("body", "must be a JSON object" + (example == null ? "" : " like " + example));
        }
        return json;
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
