package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.broker.Bus;
import dev.tributary.broker.group.GroupEngine;
import dev.tributary.core.Names;
import dev.tributary.core.delivery.BackoffPolicy;
import dev.tributary.core.eventstore.GroupSpec;
import dev.tributary.core.eventstore.GroupStats;
import dev.tributary.core.eventstore.Selection;
import dev.tributary.core.filter.Filter;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /v1/buses/{bus}/groups}: consumer groups (persistent subscriptions) over a bus's global order. Consumers
 * {@code fetch} batches with a lease and settle each event by its position ({@code ack}, {@code nack}, {@code park});
 * an operator lists, replays or drops the parked ones. Scope {@code subscribe:<bus>}. Calls run on workers: they
 * read the log and commit to the bus's {@code groups.db}.
 */
final class GroupRoutes {
    private static final Set<String> CREATE_FIELDS = Set.of("name", "category", "type", "filter", "from",
            "maxDeliveries", "lease", "ordering", "backoff", "maxPending");
    private static final Set<String> SETTLE_FIELDS = Set.of("consumer", "positions", "reason");

    private final Api api;

    GroupRoutes(Api api) {
        this.api = api;
    }

    void mount(Router router) {
        router.post("/v1/buses/:bus/groups").handler(Access.bus(Kind.SUBSCRIBE)).handler(Api.safe(this::create));
        router.get("/v1/buses/:bus/groups").handler(Access.bus(Kind.SUBSCRIBE)).handler(Api.safe(this::list));
        router.get("/v1/buses/:bus/groups/:group").handler(Access.bus(Kind.SUBSCRIBE)).handler(Api.safe(this::describe));
        router.delete("/v1/buses/:bus/groups/:group").handler(Access.bus(Kind.SUBSCRIBE)).handler(Api.safe(this::delete));
        router.post("/v1/buses/:bus/groups/:group/fetch").handler(Access.bus(Kind.SUBSCRIBE)).handler(Api.safe(this::fetch));
        for (String verb : List.of("ack", "nack", "park")) {
            router.post("/v1/buses/:bus/groups/:group/" + verb).handler(Access.bus(Kind.SUBSCRIBE))
                    .handler(Api.safe(ctx -> settle(ctx, verb)));
        }
        router.get("/v1/buses/:bus/groups/:group/parked").handler(Access.bus(Kind.SUBSCRIBE)).handler(Api.safe(this::parked));
        router.post("/v1/buses/:bus/groups/:group/parked/replay").handler(Access.bus(Kind.SUBSCRIBE))
                .handler(Api.safe(ctx -> operate(ctx, true)));
        router.post("/v1/buses/:bus/groups/:group/parked/drop").handler(Access.bus(Kind.SUBSCRIBE))
                .handler(Api.safe(ctx -> operate(ctx, false)));
    }

    private void create(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        ReadRoutes.requireGlobalOrder(bus);
        JsonNode json = JsonBody.object(ctx, "{\"name\":\"billing\",\"category\":\"order\",\"from\":\"earliest\"}");
        api.blocking(ctx, () -> bus.groups().create(parse(json, bus)), GroupRoutes::describe, 201);
    }

    private void list(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        api.blocking(ctx, () -> bus.groups().list(), groups -> Envelopes.list("groups", groups, GroupRoutes::write),
                200);
    }

    private void describe(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String name = ctx.pathParam("group");
        api.blocking(ctx, () -> bus.groups().get(name), GroupRoutes::describe, 200);
    }

    private void delete(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String name = ctx.pathParam("group");
        api.blocking(ctx, () -> {
            bus.groups().delete(name);
            return name;
        }, deleted -> Buffer.buffer(), 204);
    }

    private void fetch(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String name = ctx.pathParam("group");
        String consumer = consumer(ctx.queryParams().get("consumer"));
        int max = (int) Params.longParam(ctx, "max", 100, 1, ReadRoutes.MAX_LIMIT);
        api.blocking(ctx, () -> bus.groups().get(name).fetch(consumer, max),
                deliveries -> Envelopes.list("events", deliveries, (out, d) -> {
                    out.writeStartObject();
                    out.writeNumberField("position", d.event().globalPosition());
                    out.writeNumberField("deliveries", d.deliveries());
                    out.writeStringField("leaseUntil", Instant.ofEpochMilli(d.leaseUntil()).toString());
                    out.writeFieldName("envelope");
                    Envelopes.write(d.event(), out);
                    out.writeEndObject();
                }), 200);
    }

    private void settle(RoutingContext ctx, String verb) {
        Bus bus = api.bus(ctx);
        String name = ctx.pathParam("group");
        JsonNode json = JsonBody.object(ctx, "{\"consumer\":\"worker-1\",\"positions\":[17,18]}");
        JsonBody.rejectUnknown(json, SETTLE_FIELDS, "");
        String consumer = consumer(json.path("consumer").isTextual() ? json.get("consumer").asText() : null);
        List<Long> positions = positions(json);
        String reason = json.hasNonNull("reason") ? json.get("reason").asText() : null;
        if (reason != null && reason.length() > 1024) {
            throw new BadRequestException("reason", "must be at most 1024 characters, was " + reason.length());
        }
        api.blocking(ctx, () -> {
            GroupEngine group = bus.groups().get(name);
            switch (verb) {
                case "ack" -> group.ack(consumer, positions);
                case "nack" -> group.nack(consumer, positions, reason);
                default -> group.park(consumer, positions, reason == null ? "parked by " + consumer : reason);
            }
            return group;
        }, GroupRoutes::describe, 200);
    }

    private void parked(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String name = ctx.pathParam("group");
        long from = Params.longParam(ctx, "from", 0, 0, Long.MAX_VALUE);
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, ReadRoutes.MAX_LIMIT);
        api.blocking(ctx, () -> bus.groups().get(name).parked(from, limit),
                rows -> Envelopes.list("parked", rows, (out, r) -> {
                    out.writeStartObject();
                    out.writeNumberField("position", r.position());
                    out.writeNumberField("deliveries", r.deliveries());
                    out.writeStringField("reason", r.reason());
                    out.writeStringField("parkedAt", r.parkedAt().toString());
                    out.writeEndObject();
                }), 200);
    }

    private void operate(RoutingContext ctx, boolean replay) {
        Bus bus = api.bus(ctx);
        String name = ctx.pathParam("group");
        JsonNode json = JsonBody.object(ctx, "{\"positions\":[17,18]}");
        JsonBody.rejectUnknown(json, Set.of("positions"), "");
        List<Long> positions = positions(json);
        api.blocking(ctx, () -> {
            GroupEngine group = bus.groups().get(name);
            return replay ? group.replay(positions) : group.drop(positions);
        }, n -> Buffer.buffer("{\"" + (replay ? "replayed" : "dropped") + "\":" + n + "}"), 200);
    }

    // ---- parsing ----

    static GroupSpec parse(JsonNode json, Bus bus) {
        JsonBody.rejectUnknown(json, CREATE_FIELDS, "");
        String name = text(json, "name");
        if (name == null || !Names.isSubscriptionId(name)) {
            throw new BadRequestException("name", "is required: 1-60 characters a-z 0-9 _ - starting with a letter "
                    + "or digit, was " + json.get("name"));
        }
        String category = text(json, "category");
        String type = text(json, "type");
        if (category != null && type != null) {
            throw new BadRequestException("type", "give a category or a type, not both");
        }
        Selection selection;
        try {
            selection = category != null ? Selection.category(category)
                    : type != null ? Selection.eventType(type) : Selection.all();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(category != null ? "category" : "type", e.getMessage());
        }
        String filter = text(json, "filter");
        if (filter != null) {
            try {
                Filter.cesql(filter);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("filter", e.getMessage());
            }
            selection = selection.withFilter(filter);
        }
        GroupSpec spec = GroupSpec.of(name, selection, start(json, bus));
        try {
            if (json.has("maxDeliveries")) {
                spec = spec.withMaxDeliveries(integer(json, "maxDeliveries"));
            }
            if (json.has("maxPending")) {
                spec = spec.withMaxPending(integer(json, "maxPending"));
            }
            if (json.has("lease")) {
                spec = spec.withLease(duration(json, "lease"));
            }
            if (json.has("ordering")) {
                spec = spec.withOrdering(ordering(json));
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage().split(" ", 2)[0], e.getMessage()); // "maxDeliveries must …"
        }
        if (json.has("backoff")) {
            spec = spec.withBackoff(BackoffPolicy.fromJson(json.get("backoff"), "backoff"));
        }
        return spec;
    }

    private static long start(JsonNode json, Bus bus) {
        JsonNode from = json.get("from");
        if (from == null || from.isNull() || "latest".equals(from.asText())) {
            return bus.log().endPosition();
        }
        if ("earliest".equals(from.asText())) {
            return bus.log().firstPosition();
        }
        if (!from.isIntegralNumber() || from.asLong() < 0 || from.asLong() > bus.log().endPosition()) {
            throw new BadRequestException("from", "must be earliest, latest or a global position within 0.."
                    + bus.log().endPosition() + ", was " + from);
        }
        return from.asLong();
    }

    private static GroupSpec.Ordering ordering(JsonNode json) {
        String text = text(json, "ordering");
        return GroupSpec.Ordering.ofLabel(text == null ? "" : text).orElseThrow(() -> new BadRequestException(
                "ordering", "must be none, stream, partitionKey or subject, was " + json.get("ordering")));
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequestException(field, "must be a string, was " + v);
        }
        return v.asText();
    }

    private static int integer(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new BadRequestException(field, "must be an integer, was " + v);
        }
        return v.asInt();
    }

    private static Duration duration(JsonNode json, String field) {
        String text = text(json, field);
        try {
            return Duration.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "must be an ISO-8601 duration like PT30S, was " + json.get(field));
        }
    }

    private static String consumer(String text) {
        try {
            return GroupEngine.requireConsumer(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("consumer", e.getMessage().substring("consumer ".length()));
        }
    }

    private static List<Long> positions(JsonNode json) {
        JsonNode array = json.get("positions");
        if (array == null || !array.isArray() || array.isEmpty() || array.size() > GroupEngine.MAX_POSITIONS) {
            throw new BadRequestException("positions", "must be an array of 1.." + GroupEngine.MAX_POSITIONS
                    + " global positions");
        }
        List<Long> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode p = array.get(i);
            if (!p.isIntegralNumber() || !p.canConvertToLong() || p.asLong() < 0) {
                throw new BadRequestException("positions[" + i + "]", "must be a global position, was " + p);
            }
            out.add(p.asLong());
        }
        return out;
    }

    // ---- answers ----

    private static Buffer describe(GroupEngine group) {
        return Envelopes.value(group, GroupRoutes::write);
    }

    private static void write(JsonGenerator out, GroupEngine group) throws IOException {
        GroupSpec s = group.spec();
        GroupStats stats = group.stats();
        out.writeStartObject();
        out.writeStringField("name", s.name());
        switch (s.selection().kind()) {
            case CATEGORY -> out.writeStringField("category", s.selection().value());
            case EVENT_TYPE -> out.writeStringField("type", s.selection().value());
            case ALL -> { }
        }
        if (s.selection().filter() != null) {
            out.writeStringField("filter", s.selection().filter());
        }
        out.writeNumberField("startPosition", s.startPosition());
        out.writeNumberField("maxDeliveries", s.maxDeliveries());
        out.writeStringField("lease", s.lease().toString());
        out.writeStringField("ordering", s.ordering().label());
        out.writeFieldName("backoff");
        out.writeRawValue(s.backoff().toJson().toString());
        out.writeNumberField("maxPending", s.maxPending());
        out.writeObjectFieldStart("stats");
        out.writeNumberField("checkpoint", stats.checkpoint());
        out.writeNumberField("lag", stats.lag());
        out.writeNumberField("pending", stats.pending());
        out.writeNumberField("inFlight", stats.inFlight());
        out.writeNumberField("parked", stats.parked());
        out.writeNumberField("redeliveries", stats.redeliveries());
        out.writeNumberField("consumers", stats.consumers());
        out.writeEndObject();
        out.writeEndObject();
    }
}
