package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.broker.Bus;
import dev.tributary.core.Names;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.ReadBatch;
import dev.tributary.log.StoredEvent;
import dev.tributary.log.StreamReadBatch;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Reading a partition from an offset or a time, a stream from a version, and a bus in its global order from a
 * position, as JSON or NDJSON.
 */
final class ReadRoutes {
    static final int MAX_LIMIT = 1000;
    static final long MAX_READ_BYTES = 8L * 1024 * 1024;

    private final Api api;

    ReadRoutes(Api api) {
        this.api = api;
    }

    void mount(Router router) {
        router.get("/v1/buses/:bus/partitions/:partition/events").handler(Access.bus(Kind.READ)).handler(Api.safe(this::readPartition));
        router.get("/v1/buses/:bus/streams/:stream/events").handler(Access.bus(Kind.READ)).handler(Api.safe(this::readStream));
        router.get("/v1/buses/:bus/all/events").handler(Access.bus(Kind.READ)).handler(Api.safe(this::readAll));
    }

    static String stream(RoutingContext ctx) {
        String stream = ctx.pathParam("stream");
        try {
            return Names.requireStreamId(stream);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("stream", e.getMessage());
        }
    }

    private void readPartition(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        int partition = Params.partition(ctx, bus.spec().partitions());
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, MAX_LIMIT);
        Instant fromTime = Params.timeParam(ctx, "fromTime");
        if (fromTime != null && ctx.queryParams().contains("from")) {
            throw new BadRequestException("fromTime", "give either from or fromTime, not both");
        }
        long from = Params.longParam(ctx, "from", 0, 0, Long.MAX_VALUE);
        boolean ndjson = Params.wantsNdjson(ctx);
        vertxBlocking(ctx, () -> {
            long start = fromTime == null ? from : bus.log().offsetAt(partition, fromTime);
            ReadBatch batch = bus.log().read(partition, start, limit, MAX_READ_BYTES);
            return page(batch.events(), batch.nextOffset(), ndjson, out -> {});
        });
    }

    private void readStream(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String stream = stream(ctx);
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, MAX_LIMIT);
        boolean forward = Params.oneOf(ctx, "direction", "forward", "forward", "backward").equals("forward");
        long from = Params.longParam(ctx, "from", forward ? 0 : Long.MAX_VALUE, 0, Long.MAX_VALUE);
        boolean ndjson = Params.wantsNdjson(ctx);
        vertxBlocking(ctx, () -> {
            StreamReadBatch batch = bus.log().readStream(stream, from, forward, limit);
            return page(batch.events(), batch.nextVersion(), ndjson,
                    out -> out.writeNumberField("currentVersion", batch.currentVersion()));
        });
    }

    private void readAll(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        requireGlobalOrder(bus);
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, MAX_LIMIT);
        boolean forward = Params.oneOf(ctx, "direction", "forward", "forward", "backward").equals("forward");
        boolean given = ctx.queryParams().contains("from");
        long from = Params.longParam(ctx, "from", forward ? 0 : Long.MAX_VALUE, 0, Long.MAX_VALUE);
        boolean ndjson = Params.wantsNdjson(ctx);
        vertxBlocking(ctx, () -> {
            // no "from": from the first readable position, wherever retention has moved it
            long start = forward && !given ? bus.log().firstPosition() : from;
            AllReadBatch batch = forward
                    ? bus.log().readAll(start, limit, MAX_READ_BYTES)
                    : bus.log().readAllBackward(start, limit, MAX_READ_BYTES);
            return page(batch.events(), batch.nextPosition(), ndjson, out -> {
                out.writeNumberField("firstPosition", batch.firstPosition());
                out.writeNumberField("endPosition", batch.endPosition());
            });
        });
    }

    static void requireGlobalOrder(Bus bus) {
        if (!bus.spec().globalOrder()) {
            throw new HttpStatusException(409, "no-global-order", "No global order",
                    "bus '" + bus.name() + "' was created with globalOrder false: read its partitions instead");
        }
    }

    private record Page(Buffer body, long next) {}

    private void vertxBlocking(RoutingContext ctx, java.util.concurrent.Callable<Page> work) {
        api.vertx.executeBlocking(work, false).onComplete(result -> {
            if (result.failed()) {
                Problem.from(result.cause()).send(ctx.response());
                return;
            }
            String type = Params.wantsNdjson(ctx) ? "application/x-ndjson" : "application/json";
            ctx.response()
                    .putHeader("content-type", type)
                    .putHeader("Tributary-Next", Long.toString(result.result().next()))
                    .end(result.result().body());
        });
    }

    /** Fields a page adds after {@code next}. */
    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator out) throws IOException;
    }

    /** A page of {@code events}: NDJSON lines, or a JSON object with {@code next} and {@code extra}'s fields. */
    private static Page page(List<StoredEvent> events, long next, boolean ndjson, Fields extra) {
        if (ndjson) {
            return new Page(Envelopes.ndjson(events), next);
        }
        return new Page(Envelopes.page(events, out -> {
            try {
                out.writeNumberField("next", next);
                extra.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), next);
    }
}
