package dev.tributary.server.http;

import dev.tributary.broker.Bus;
import dev.tributary.core.DataReader;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.log.Position;
import dev.tributary.log.StreamAppendResult;
import dev.tributary.server.auth.Scope.Kind;
import io.cloudevents.CloudEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Publishing: {@code POST /v1/buses/{bus}/events} and stream appends {@code POST /v1/buses/{bus}/streams/{stream}/events}.
 * Each request passes decode → validate → append once; the answer is sent after the events are durable.
 */
final class PublishRoutes {
    private final Api api;

    PublishRoutes(Api api) {
        this.api = api;
    }

    void mount(Router router) {
        router.post("/v1/buses/:bus/events").handler(Access.bus(Kind.PUBLISH)).handler(Api.safe(this::publish));
        router.post("/v1/buses/:bus/streams/:stream/events").handler(Access.bus(Kind.PUBLISH)).handler(Api.safe(this::appendToStream));
    }

    private void publish(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        List<CloudEvent> events = admitted(ctx, bus);
        long started = System.nanoTime();
        api.async(ctx, bus.publish(events).whenComplete((positions, failure) -> {
            if (failure == null) {
                api.metrics.appended(bus.name(), events.size(), bodySize(ctx), System.nanoTime() - started);
            }
        }), PublishRoutes::results);
    }

    private void appendToStream(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        String stream = ReadRoutes.stream(ctx);
        ExpectedVersion expected = Params.expectedVersion(ctx);
        List<CloudEvent> events = admitted(ctx, bus);
        long started = System.nanoTime();
        api.async(ctx, bus.appendToStream(stream, expected, events).whenComplete((result, failure) -> {
            if (failure == null) {
                api.metrics.appended(bus.name(), events.size(), bodySize(ctx), System.nanoTime() - started);
            }
        }), result -> streamResult(stream, result));
    }

    /** The request's events, decoded and past the ingest checks (the schemas read data as it is decoded). */
    private List<CloudEvent> admitted(RoutingContext ctx, Bus bus) {
        DataReader reader = api.ingest.reader(bus);
        List<CloudEvent> events = api.bodies.decode(ctx.request().headers(), RequestBody.of(ctx), reader);
        api.ingest.check(Access.principalIfAny(ctx), bus, events, EventBodies.isBatch(ctx.request().headers()),
                reader);
        return events;
    }

    private static long bodySize(RoutingContext ctx) {
        return RequestBody.of(ctx).length();
    }

    static Buffer results(List<Position> positions) {
        return Envelopes.json(out -> {
            try {
                out.writeStartObject();
                out.writeArrayFieldStart("results");
                for (Position p : positions) {
                    out.writeStartObject();
                    out.writeNumberField("partition", p.partition());
                    out.writeNumberField("offset", p.offset());
                    Envelopes.writePosition(p.globalPosition(), out);
                    out.writeBooleanField("duplicate", p.duplicate());
                    out.writeEndObject();
                }
                out.writeEndArray();
                out.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Buffer streamResult(String stream, StreamAppendResult result) {
        return Envelopes.json(out -> {
            try {
                out.writeStartObject();
                out.writeStringField("stream", stream);
                out.writeNumberField("firstVersion", result.firstVersion());
                out.writeNumberField("currentVersion", result.currentVersion());
                out.writeBooleanField("duplicate", result.duplicate());
                out.writeArrayFieldStart("results");
                long version = result.firstVersion();
                for (Position p : result.positions()) {
                    out.writeStartObject();
                    out.writeNumberField("partition", p.partition());
                    out.writeNumberField("offset", p.offset());
                    out.writeNumberField("version", version++);
                    Envelopes.writePosition(p.globalPosition(), out);
                    out.writeBooleanField("duplicate", p.duplicate());
                    out.writeEndObject();
                }
                out.writeEndArray();
                out.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
