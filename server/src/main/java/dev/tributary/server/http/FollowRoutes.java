package dev.tributary.server.http;

import dev.tributary.broker.Bus;
import dev.tributary.core.filter.Filter;
import dev.tributary.log.BusLog;
import dev.tributary.log.IndexKey;
import dev.tributary.log.PartitionState;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Live tails as Server-Sent Events: a bus, a partition, a stream or a bus's global order (all of it, one category or
 * one event type, optionally filtered by a CESQL {@code filter}), from a position or from {@code Last-Event-ID}. A filtered follow sends {@code event: checkpoint}
 * (its id resumes there) after every {@value FollowCursor#CHECKPOINT_INTERVAL} positions without a match. Catch-up subscriptions: history first, then live; an {@code event: caught-up} message (whose
 * {@code id} resumes there) says when the follower first reached the end.
 * Each follower is a loop on its request's event loop: read (on a worker) → write → wait for more → read … It
 * pauses while the client's socket is full, so a slow reader costs no memory.
 */
final class FollowRoutes {
    static final long KEEP_ALIVE_MILLIS = 15_000;

    private final Api api;
    /** Comments keep a quiet follow alive: more often than the idle timeout would close it. */
    private final long keepAliveMillis;

    FollowRoutes(Api api) {
        this.api = api;
        this.keepAliveMillis = Math.min(KEEP_ALIVE_MILLIS, api.config.http().idleTimeout().toMillis() / 2);
    }

    void mount(Router router) {
        router.get("/v1/buses/:bus/follow").handler(Access.bus(Kind.READ)).handler(Api.safe(this::followBus));
        router.get("/v1/buses/:bus/partitions/:partition/follow").handler(Access.bus(Kind.READ)).handler(Api.safe(this::followPartition));
        router.get("/v1/buses/:bus/streams/:stream/follow").handler(Access.bus(Kind.READ)).handler(Api.safe(this::followStream));
        router.get("/v1/buses/:bus/all/follow").handler(Access.bus(Kind.READ))
                .handler(Api.safe(ctx -> followOrder(ctx, null)));
        router.get("/v1/buses/:bus/categories/:category/follow").handler(Access.bus(Kind.READ))
                .handler(Api.safe(ctx -> followOrder(ctx, ReadRoutes.category(ctx))));
        router.get("/v1/buses/:bus/types/:type/follow").handler(Access.bus(Kind.READ))
                .handler(Api.safe(ctx -> followOrder(ctx, ReadRoutes.eventType(ctx))));
    }

    private void followPartition(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        int partition = Params.partition(ctx, bus.spec().partitions());
        String resume = ctx.request().getHeader("Last-Event-ID");
        long from = resume != null
                ? Params.parseLong("Last-Event-ID", resume, 0, Long.MAX_VALUE)
                : start(ctx, bus.log().state(partition));
        start(ctx, FollowCursor.partition(bus.log(), partition, from));
    }

    private void followStream(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String stream = ReadRoutes.stream(ctx);
        String resume = ctx.request().getHeader("Last-Event-ID");
        long from = resume != null
                ? Params.parseLong("Last-Event-ID", resume, 0, Long.MAX_VALUE)
                : Params.longParam(ctx, "from", 0, 0, Long.MAX_VALUE);
        start(ctx, FollowCursor.stream(bus.log(), stream, from));
    }

    private void followBus(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        int partitions = bus.spec().partitions();
        long[] next = new long[partitions];
        String resume = ctx.request().getHeader("Last-Event-ID");
        if (resume != null) {
            String[] parts = resume.split(",", -1);
            if (parts.length != partitions) {
                throw new BadRequestException("Last-Event-ID",
                        "must hold " + partitions + " offsets joined by ',', was '" + resume + "'");
            }
            for (int p = 0; p < partitions; p++) {
                next[p] = Params.parseLong("Last-Event-ID", parts[p], 0, Long.MAX_VALUE);
            }
        } else {
            for (int p = 0; p < partitions; p++) {
                next[p] = start(ctx, bus.log().state(p));
            }
        }
        start(ctx, FollowCursor.bus(bus.log(), next));
    }

    /** The global order, all of it ({@code key} null) or one category or type of it. */
    private void followOrder(RoutingContext ctx, IndexKey key) {
        Bus bus = api.bus(ctx);
        ReadRoutes.requireGlobalOrder(bus);
        Filter filter = ReadRoutes.filter(ctx);
        String resume = ctx.request().getHeader("Last-Event-ID");
        String from = ctx.queryParams().get("from");
        long given = resume != null ? Params.parseLong("Last-Event-ID", resume, 0, Long.MAX_VALUE)
                : from == null || from.isEmpty() || from.equals("latest") ? -1
                : from.equals("earliest") ? -2
                : Params.parseLong("from", from, 0, Long.MAX_VALUE);
        BusLog log = bus.log();
        // on a worker: finding the first readable position may read the order's files
        api.vertx.executeBlocking(() -> {
            long start = given == -1 ? log.endPosition() : given == -2 ? log.firstPosition() : given;
            log.readAll(start, 0, 0); // a bad position is refused before the stream starts, as a read refuses it
            return start;
        }, false).onComplete(result -> {
            if (result.failed()) {
                Problem.from(result.cause()).send(ctx.response());
            } else {
                start(ctx, FollowCursor.all(log, key, filter, result.result()));
            }
        });
    }

    /** The {@code from} parameter: earliest, latest (default) or an offset. */
    private static long start(RoutingContext ctx, PartitionState state) {
        String from = ctx.queryParams().get("from");
        if (from == null || from.isEmpty() || from.equals("latest")) {
            return state.endOffset();
        }
        if (from.equals("earliest")) {
            return state.startOffset();
        }
        return Params.parseLong("from", from, 0, Long.MAX_VALUE);
    }

    private void start(RoutingContext ctx, FollowCursor cursor) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache")
                .setStatusCode(200);
        response.write(": following\n\n");
        long keepAlive = api.vertx.setPeriodic(keepAliveMillis, id -> {
            if (!response.ended() && !response.closed()) {
                response.write(": keep-alive\n\n");
            }
        });
        response.closeHandler(v -> api.vertx.cancelTimer(keepAlive));
        new Follower(ctx, cursor, keepAlive).pump();
    }

    /** One follower's loop. Runs on its request's event loop; reads run on workers. */
    private final class Follower {
        private final RoutingContext ctx;
        private final FollowCursor cursor;
        private final long keepAlive;
        private boolean caughtUp;

        Follower(RoutingContext ctx, FollowCursor cursor, long keepAlive) {
            this.ctx = ctx;
            this.cursor = cursor;
            this.keepAlive = keepAlive;
        }

        void pump() {
            HttpServerResponse response = ctx.response();
            if (response.closed() || response.ended()) {
                return;
            }
            api.vertx.executeBlocking(cursor::readMore, false).onComplete(result -> {
                if (result.failed()) {
                    fail(result.cause());
                    return;
                }
                List<FollowCursor.Message> messages = result.result();
                for (FollowCursor.Message m : messages) {
                    response.write(Buffer.buffer()
                            .appendString("id: ").appendString(m.id())
                            .appendString("\nevent: cloudevent\ndata: ")
                            .appendBuffer(Envelopes.one(m.event()))
                            .appendString("\n\n"));
                }
                if (!messages.isEmpty()) {
                    if (response.writeQueueFull()) {
                        response.drainHandler(v -> pump());
                    } else {
                        pump();
                    }
                    return;
                }
                String checkpoint = cursor.checkpoint();
                if (checkpoint != null) {
                    response.write("id: " + checkpoint + "\nevent: checkpoint\ndata: {}\n\n");
                }
                if (!cursor.atEnd()) {
                    pump(); // a filter left out all it read: read on
                    return;
                }
                if (!caughtUp) {
                    caughtUp = true;
                    response.write("id: " + cursor.resumeId() + "\nevent: caught-up\ndata: {}\n\n");
                }
                Future.fromCompletionStage(cursor.whenMore(), ctx.vertx().getOrCreateContext())
                        .onComplete(v -> pump());
            });
        }

        private void fail(Throwable cause) {
            HttpServerResponse response = ctx.response();
            api.vertx.cancelTimer(keepAlive);
            if (!response.closed() && !response.ended()) {
                Problem problem = Problem.from(cause);
                response.write("event: error\ndata: " + problem.status() + " " + String.valueOf(cause.getMessage()).replace('\n', ' ') + "\n\n");
                response.end();
            }
        }
    }
}
