package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.broker.Bus;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.StreamMetadata;
import dev.tributary.core.eventstore.StreamState;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * A stream's lifecycle: {@code /v1/buses/{bus}/streams/{stream}/metadata} (its limits and free-form JSON) and
 * {@code DELETE /v1/buses/{bus}/streams/{stream}} (soft or hard). Changes run on workers: they wait for the stream's
 * partition writer and an fsync.
 */
final class StreamRoutes {
    private static final Set<String> METADATA_FIELDS = Set.of("maxCount", "maxAge", "truncateBefore", "custom");

    private final Api api;

    StreamRoutes(Api api) {
        this.api = api;
    }

    void mount(Router router) {
        router.get("/v1/buses/:bus/streams/:stream/metadata").handler(Access.bus(Kind.READ))
                .handler(Api.safe(this::describe));
        router.put("/v1/buses/:bus/streams/:stream/metadata").handler(Access.bus(Kind.PUBLISH))
                .handler(Api.safe(this::setMetadata));
        router.delete("/v1/buses/:bus/streams/:stream").handler(Access.bus(Kind.PUBLISH))
                .handler(Api.safe(this::delete));
    }

    private void describe(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String stream = ReadRoutes.stream(ctx);
        api.blocking(ctx, () -> bus.log().streamState(stream), StreamRoutes::state, 200);
    }

    private void setMetadata(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String stream = ReadRoutes.stream(ctx);
        StreamMetadata metadata = parse(JsonBody.object(ctx, "{\"maxCount\":100,\"maxAge\":\"P30D\"}"));
        api.blocking(ctx, () -> bus.log().setStreamMetadata(stream, metadata).join(), StreamRoutes::state, 200);
    }

    private void delete(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String stream = ReadRoutes.stream(ctx);
        ExpectedVersion expected = Params.expectedVersion(ctx);
        boolean hard = Params.oneOf(ctx, "mode", "soft", "soft", "hard").equals("hard");
        api.blocking(ctx, () -> bus.log().deleteStream(stream, expected, hard).join(), StreamRoutes::state, 200);
    }

    /** The body of a metadata change; every field optional, absent ones cleared. */
    static StreamMetadata parse(JsonNode json) {
        JsonBody.rejectUnknown(json, METADATA_FIELDS, "");
        long maxCount = integer(json, "maxCount");
        long truncateBefore = integer(json, "truncateBefore");
        Duration maxAge = null;
        JsonNode age = json.get("maxAge");
        if (age != null && !age.isNull()) {
            if (!age.isTextual()) {
                throw new BadRequestException("maxAge", "must be an ISO-8601 duration like P30D, was " + age);
            }
            try {
                maxAge = Duration.parse(age.asText());
            } catch (DateTimeParseException e) {
                throw new BadRequestException("maxAge", "must be an ISO-8601 duration like P30D, was " + age);
            }
        }
        JsonNode custom = json.get("custom");
        if (custom != null && !custom.isNull() && !custom.isObject()) {
            throw new BadRequestException("custom", "must be a JSON object, was " + custom.getNodeType());
        }
        try {
            return new StreamMetadata(maxCount, maxAge, truncateBefore,
                    custom == null || custom.isNull() ? null : custom.toString());
        } catch (IllegalArgumentException e) {
            // StreamMetadata names the field first: "maxCount must be …"
            throw new BadRequestException(e.getMessage().split(" ", 2)[0], e.getMessage());
        }
    }

    private static long integer(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return -1;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BadRequestException(field, "must be an integer, was " + value);
        }
        return value.asLong();
    }

    static Buffer state(StreamState state) {
        return Envelopes.json(out -> {
            try {
                out.writeStartObject();
                out.writeStringField("stream", state.stream());
                out.writeNumberField("currentVersion", state.currentVersion());
                out.writeNumberField("firstVersion", state.firstVersion());
                out.writeBooleanField("deleted", state.deleted());
                writeMetadata(out, state.metadata());
                out.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void writeMetadata(JsonGenerator out, StreamMetadata m) throws IOException {
        out.writeObjectFieldStart("metadata");
        if (m.maxCount() > 0) {
            out.writeNumberField("maxCount", m.maxCount());
        }
        if (m.maxAge() != null) {
            out.writeStringField("maxAge", m.maxAge().toString());
        }
        if (m.truncateBefore() >= 0) {
            out.writeNumberField("truncateBefore", m.truncateBefore());
        }
        if (m.custom() != null) {
            out.writeFieldName("custom");
            out.writeRawValue(m.custom());
        }
        out.writeEndObject();
    }
}
