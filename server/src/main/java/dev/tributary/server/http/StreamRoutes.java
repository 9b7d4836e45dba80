package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.broker.Bus;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.Snapshot;
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
 * A stream's lifecycle: {@code /v1/buses/{bus}/streams/{stream}/metadata} (its limits and free-form JSON),
 * {@code DELETE /v1/buses/{bus}/streams/{stream}} (soft or hard), its snapshot ({@code …/snapshot}, the state as
 * opaque bytes) and {@code …/load} (the latest snapshot and the events after it). Changes run on workers: they wait for the stream's
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
        router.put("/v1/buses/:bus/streams/:stream/snapshot").handler(Access.bus(Kind.PUBLISH))
                .handler(Api.safe(this::saveSnapshot));
        router.get("/v1/buses/:bus/streams/:stream/snapshot").handler(Access.bus(Kind.READ))
                .handler(Api.safe(this::readSnapshot));
        router.delete("/v1/buses/:bus/streams/:stream/snapshot").handler(Access.bus(Kind.PUBLISH))
                .handler(Api.safe(this::deleteSnapshot));
        router.get("/v1/buses/:bus/streams/:stream/load").handler(Access.bus(Kind.READ))
                .handler(Api.safe(this::load));
    }

    // ---- snapshots ----

    private void saveSnapshot(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String stream = ReadRoutes.stream(ctx);
        String type = ctx.request().getHeader("content-type");
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!media.equals("application/octet-stream") && !media.equals("application/json")) {
            throw new HttpStatusException(415, "unsupported-media-type", "Unsupported media type",
                    "a snapshot's state is opaque bytes: send it as application/octet-stream (or application/json), "
                            + "was '" + (type == null ? "" : type) + "'");
        }
        if (!ctx.queryParams().contains("version")) {
            throw new BadRequestException("version", "is required: the stream version the state covers");
        }
        long version = Params.longParam(ctx, "version", 0, 0, Long.MAX_VALUE);
        int schemaVersion = (int) Params.longParam(ctx, "schemaVersion", 0, 0, Integer.MAX_VALUE);
        Snapshot snapshot;
        try {
            snapshot = Snapshot.of(version, schemaVersion, RequestBody.of(ctx).getBytes());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("body", e.getMessage());
        }
        api.blocking(ctx, () -> {
            try {
                bus.saveSnapshot(stream, snapshot);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("version", e.getMessage());
            }
            return bus.snapshot(stream).orElse(snapshot);
        }, saved -> snapshotJson(stream, saved, false), 200);
    }

    private void readSnapshot(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String stream = ReadRoutes.stream(ctx);
        api.vertx.executeBlocking(() -> bus.snapshot(stream), false).onComplete(result -> {
            if (result.failed()) {
                Problem.from(result.cause()).send(ctx.response());
            } else if (result.result().isEmpty()) {
                snapshotNotFound(stream).send(ctx.response());
            } else if (String.valueOf(ctx.request().getHeader("accept")).contains("application/json")) {
                ctx.response().putHeader("content-type", "application/json")
                        .end(snapshotJson(stream, result.result().get(), true));
            } else {
                Snapshot s = result.result().get();
                ctx.response()
                        .putHeader("content-type", "application/octet-stream")
                        .putHeader("Tributary-Snapshot-Version", Long.toString(s.version()))
                        .putHeader("Tributary-Snapshot-Schema-Version", Integer.toString(s.schemaVersion()))
                        .putHeader("Tributary-Snapshot-Taken-At", s.takenAt().toString())
                        .end(Buffer.buffer(s.state()));
            }
        });
    }

    private void deleteSnapshot(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String stream = ReadRoutes.stream(ctx);
        api.vertx.executeBlocking(() -> bus.deleteSnapshot(stream), false).onComplete(result -> {
            if (result.failed()) {
                Problem.from(result.cause()).send(ctx.response());
            } else if (!result.result()) {
                snapshotNotFound(stream).send(ctx.response());
            } else {
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    private static Problem snapshotNotFound(String stream) {
        return Problem.of(404, "snapshot-not-found", "No snapshot", "stream '" + stream + "' has no snapshot")
                .with("stream", stream);
    }

    /** The latest usable snapshot and the events after it, in one answer. */
    private void load(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String stream = ReadRoutes.stream(ctx);
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, ReadRoutes.MAX_LIMIT);
        api.blocking(ctx, () -> bus.load(stream, limit), loaded -> Envelopes.page(loaded.events().events(), out -> {
            try {
                out.writeNumberField("next", loaded.events().nextVersion());
                out.writeNumberField("currentVersion", loaded.events().currentVersion());
                if (loaded.snapshot() == null) {
                    out.writeNullField("snapshot");
                } else {
                    out.writeFieldName("snapshot");
                    writeSnapshot(out, stream, loaded.snapshot(), true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), 200);
    }

    private static Buffer snapshotJson(String stream, Snapshot s, boolean withState) {
        return Envelopes.json(out -> {
            try {
                writeSnapshot(out, stream, s, withState);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void writeSnapshot(JsonGenerator out, String stream, Snapshot s, boolean withState)
            throws IOException {
        out.writeStartObject();
        out.writeStringField("stream", stream);
        out.writeNumberField("version", s.version());
        out.writeNumberField("schemaVersion", s.schemaVersion());
        out.writeNumberField("bytes", s.state().length);
        if (s.takenAt() != null) {
            out.writeStringField("takenAt", s.takenAt().toString());
        }
        if (withState) {
            out.writeBinaryField("state", s.state()); // base64
        }
        out.writeEndObject();
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
