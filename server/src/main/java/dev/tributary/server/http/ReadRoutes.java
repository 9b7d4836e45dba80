package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.broker.Bus;
import dev.tributary.core.Names;
import dev.tributary.core.filter.Filter;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.BusLog;
import dev.tributary.log.IndexKey;
import dev.tributary.log.ReadBatch;
import dev.tributary.log.StoredEvent;
import dev.tributary.log.StreamReadBatch;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reading a partition from an offset or a time, a stream from a version, and a bus in its global order from a
 * position (all of it, one category of streams or one event type; long-polled with {@code wait}), as JSON or NDJSON.
 */
final class ReadRoutes {
    static final int MAX_LIMIT = 1000;
    static final long MAX_READ_BYTES = 8L * 1024 * 1024;
    /** The longest a long poll ({@code wait}) may wait, in seconds. */
    static final int MAX_WAIT_SECONDS = 60;

    private final Api api;

    ReadRoutes(Api api) {
        this.api = api;
    }

    void mount(Router router) {
        router.get("/v1/buses/:bus/partitions/:partition/events").handler(Access.bus(Kind.READ)).handler(Api.safe(this::readPartition));
        router.get("/v1/buses/:bus/streams/:stream/events").handler(Access.bus(Kind.READ)).handler(Api.safe(this::readStream));
        router.get("/v1/buses/:bus/all/events").handler(Access.bus(Kind.READ))
                .handler(Api.safe(ctx -> readOrder(ctx, null)));
        router.get("/v1/buses/:bus/categories/:category/events").handler(Access.bus(Kind.READ))
                .handler(Api.safe(ctx -> readOrder(ctx, category(ctx))));
        router.get("/v1/buses/:bus/types/:type/events").handler(Access.bus(Kind.READ))
                .handler(Api.safe(ctx -> readOrder(ctx, eventType(ctx))));
    }

    /** The {@code filter} parameter: a CESQL expression, or null when there is none. */
    static Filter filter(RoutingContext ctx) {
        String text = ctx.queryParams().get("filter");
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Filter.cesql(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("filter", e.getMessage());
        }
    }

    static IndexKey category(RoutingContext ctx) {
        try {
            return IndexKey.category(Names.requireCategory(ctx.pathParam("category")));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("category", e.getMessage());
        }
    }

    static IndexKey eventType(RoutingContext ctx) {
        try {
            return IndexKey.eventType(Names.requireEventType(ctx.pathParam("type")));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("type", e.getMessage());
        }
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
                    out -> {
                        out.writeNumberField("currentVersion", batch.currentVersion());
                        out.writeNumberField("firstVersion", batch.firstVersion());
                    });
        });
    }

    /**
     * A page of the global order, all of it ({@code key} null) or of one category or type. With {@code wait} (seconds)
     * a forward read that finds nothing waits up to that long for a matching event (a long poll).
     */
    private void readOrder(RoutingContext ctx, IndexKey key) {
        Bus bus = api.bus(ctx);
        requireGlobalOrder(bus);
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, MAX_LIMIT);
        boolean forward = Params.oneOf(ctx, "direction", "forward", "forward", "backward").equals("forward");
        boolean given = ctx.queryParams().contains("from");
        long from = Params.longParam(ctx, "from", forward ? 0 : Long.MAX_VALUE, 0, Long.MAX_VALUE);
        long waitMillis = Params.longParam(ctx, "wait", 0, 0, MAX_WAIT_SECONDS) * 1000;
        if (waitMillis > 0 && !forward) {
            throw new BadRequestException("wait", "a backward read does not wait; leave wait out");
        }
        boolean ndjson = Params.wantsNdjson(ctx);
        Filter filter = filter(ctx);
        BusLog log = bus.log();
        long deadline = System.currentTimeMillis() + waitMillis;
        readOrder(ctx, new OrderRead(log, key, filter, forward, limit, ndjson, deadline), forward && !given ? -1 : from);
    }

    /** What one (long-polled) read of the order asks for. */
    private record OrderRead(BusLog log, IndexKey key, Filter filter, boolean forward, int limit, boolean ndjson,
            long deadline) {
        AllReadBatch read(long start) {
            AllReadBatch batch = key != null ? log.readIndex(key, start, forward, limit, MAX_READ_BYTES)
                    : forward ? log.readAll(start, limit, MAX_READ_BYTES)
                    : log.readAllBackward(start, limit, MAX_READ_BYTES);
            if (filter == null) {
                return batch;
            }
            return new AllReadBatch(batch.events().stream().filter(e -> filter.matches(e.event())).toList(),
                    batch.nextPosition(), batch.firstPosition(), batch.endPosition());
        }

        OrderRead withDeadline(long value) {
            return new OrderRead(log, key, filter, forward, limit, ndjson, value);
        }
    }

    /** One read of a (long-polled) page; {@code from} -1: from the first readable position. */
    private void readOrder(RoutingContext ctx, OrderRead request, long from) {
        BusLog log = request.log();
        api.vertx.executeBlocking(() -> request.read(from < 0 ? log.firstPosition() : from), false)
                .onComplete(result -> {
                    if (result.failed()) {
                        Problem.from(result.cause()).send(ctx.response());
                        return;
                    }
                    AllReadBatch batch = result.result();
                    long left = request.deadline() - System.currentTimeMillis();
                    if (batch.events().isEmpty() && left > 0 && !ctx.response().closed()) {
                        long next = batch.nextPosition();
                        Future.fromCompletionStage(
                                        log.whenAllAvailable(next).orTimeout(left, TimeUnit.MILLISECONDS),
                                        ctx.vertx().getOrCreateContext())
                                .onComplete(v -> readOrder(ctx, v.succeeded() ? request : request.withDeadline(0),
                                        next));
                        return;
                    }
                    send(ctx, page(batch.events(), batch.nextPosition(), request.ndjson(), out -> {
                        out.writeNumberField("firstPosition", batch.firstPosition());
                        out.writeNumberField("endPosition", batch.endPosition());
                    }));
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
            } else {
                send(ctx, result.result());
            }
        });
    }

    private static void send(RoutingContext ctx, Page page) {
        String type = Params.wantsNdjson(ctx) ? "application/x-ndjson" : "application/json";
        ctx.response()
                .putHeader("content-type", type)
                .putHeader("Tributary-Next", Long.toString(page.next()))
                .end(page.body());
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
