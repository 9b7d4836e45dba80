package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.broker.Bus;
import dev.tributary.broker.BusSpec;
import dev.tributary.core.Names;
import dev.tributary.log.LogConfig;
import dev.tributary.log.PartitionState;
import dev.tributary.server.auth.Principal;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** {@code /v1/buses}: create, list, describe and delete buses. */
final class BusRoutes {
    private static final Set<String> CREATE_FIELDS = Set.of("name", "partitions", "retention", "globalOrder",
            "categorySeparator");
    private static final Set<String> RETENTION_FIELDS = Set.of("maxAge", "maxBytes");

    private final Api api;

    BusRoutes(Api api) {
        this.api = api;
    }

    void mount(Router router) {
        router.post("/v1/buses").handler(Access.node(Kind.ADMIN)).handler(Api.safe(this::create));
        router.get("/v1/buses").handler(Access.someBus()).handler(Api.safe(this::list));
        router.get("/v1/buses/:bus").handler(Access.seesBus()).handler(Api.safe(this::describe));
        router.delete("/v1/buses/:bus").handler(Access.node(Kind.ADMIN)).handler(Api.safe(this::delete));
    }

    private void create(RoutingContext ctx) {
        CreateBus request = parseCreate(JsonBody.object(ctx, "{\"name\":\"orders\",\"partitions\":4}"), api.buses.maxPartitions());
        api.blocking(
                ctx,
                () -> {
                    Bus bus = api.buses.create(
                            request.name, request.partitions, request.maxAge, request.maxBytes, request.globalOrder,
                            request.categorySeparator);
                    api.metrics.busOpened(bus);
                    return bus;
                },
                BusRoutes::describe,
                201);
    }

    private void list(RoutingContext ctx) {
        Principal caller = Access.principal(ctx);
        api.blocking(ctx, () -> api.buses.list().stream().filter(b -> caller.sees(b.name())).toList(),
                buses -> Envelopes.list("buses", buses, (out, bus) -> write(bus, out)), 200);
    }

    private void describe(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        api.blocking(ctx, () -> bus, BusRoutes::describe, 200);
    }

    private void delete(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        api.blocking(ctx, () -> {
            api.buses.delete(bus.name());
            api.metrics.busDeleted(bus.name());
            return bus;
        }, ignored -> null, 204);
    }

    static Buffer describe(Bus bus) {
        return Envelopes.json(out -> {
            try {
                write(bus, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void write(Bus bus, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("name", bus.name());
        out.writeNumberField("partitions", bus.spec().partitions());
        out.writeObjectFieldStart("retention");
        if (bus.spec().maxAge() != null) {
            out.writeStringField("maxAge", bus.spec().maxAge().toString());
        }
        out.writeNumberField("maxBytes", bus.spec().maxBytes());
        out.writeEndObject();
        out.writeStringField("createdAt", bus.spec().createdAt().toString());
        out.writeBooleanField("globalOrder", bus.spec().globalOrder());
        if (bus.spec().globalOrder()) {
            out.writeStringField("categorySeparator", bus.spec().categorySeparator());
            out.writeNumberField("firstPosition", bus.log().firstPosition());
            out.writeNumberField("endPosition", bus.log().endPosition());
        }
        out.writeArrayFieldStart("partitionStats");
        for (int p = 0; p < bus.spec().partitions(); p++) {
            PartitionState s = bus.log().state(p);
            out.writeStartObject();
            out.writeNumberField("partition", s.partition());
            out.writeNumberField("startOffset", s.startOffset());
            out.writeNumberField("endOffset", s.endOffset());
            out.writeNumberField("segments", s.segments());
            out.writeNumberField("bytes", s.bytes());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private record CreateBus(String name, int partitions, Duration maxAge, long maxBytes, boolean globalOrder,
            String categorySeparator) {}

    private static CreateBus parseCreate(JsonNode json, int maxPartitions) {
        JsonBody.rejectUnknown(json, CREATE_FIELDS, "");
        JsonNode name = json.get("name");
        if (name == null || !name.isTextual()) {
            throw new BadRequestException("name", "is required and must be a string");
        }
        try {
            Names.requireBusName(name.asText());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("name", e.getMessage());
        }
        int partitions = 1;
        JsonNode p = json.get("partitions");
        if (p != null) {
            if (!p.canConvertToInt() || !p.isIntegralNumber() || p.asInt() < 1 || p.asInt() > maxPartitions) {
                throw new BadRequestException("partitions", "must be an integer within 1.." + maxPartitions
                        + (maxPartitions < BusSpec.MAX_PARTITIONS ? " on this node (setting max-partitions)" : "")
                        + ", was " + p);
            }
            partitions = p.asInt();
        }
        Duration maxAge = null;
        long maxBytes = -1;
        JsonNode retention = json.get("retention");
        if (retention != null && !retention.isNull()) {
            if (!retention.isObject()) {
                throw new BadRequestException("retention", "must be an object with maxAge and/or maxBytes");
            }
            JsonBody.rejectUnknown(retention, RETENTION_FIELDS, "retention.");
            JsonNode age = retention.get("maxAge");
            if (age != null && !age.isNull()) {
                try {
                    maxAge = Duration.parse(age.asText());
                } catch (DateTimeParseException e) {
                    throw new BadRequestException(
                            "retention.maxAge", "must be an ISO-8601 duration like P7D or PT12H, was " + age);
                }
                if (maxAge.isZero() || maxAge.isNegative()) {
                    throw new BadRequestException("retention.maxAge", "must be positive, was " + age);
                }
            }
            JsonNode bytes = retention.get("maxBytes");
            if (bytes != null && !bytes.isNull()) {
                if (!bytes.isIntegralNumber() || (bytes.asLong() != -1 && bytes.asLong() <= 0)) {
                    throw new BadRequestException("retention.maxBytes", "must be a positive integer or -1, was " + bytes);
                }
                maxBytes = bytes.asLong();
            }
        }
        JsonNode order = json.get("globalOrder");
        if (order != null && !order.isBoolean()) {
            throw new BadRequestException("globalOrder", "must be true or false, was " + order);
        }
        JsonNode separator = json.get("categorySeparator");
        if (separator != null && (!separator.isTextual() || separator.asText().isEmpty()
                || separator.asText().length() > BusSpec.MAX_CATEGORY_SEPARATOR)) {
            throw new BadRequestException("categorySeparator", "must be a string of 1.."
                    + BusSpec.MAX_CATEGORY_SEPARATOR + " characters, was " + separator);
        }
        return new CreateBus(name.asText(), partitions, maxAge, maxBytes, order == null || order.asBoolean(),
                separator == null ? LogConfig.DEFAULT_CATEGORY_SEPARATOR : separator.asText());
    }
}
