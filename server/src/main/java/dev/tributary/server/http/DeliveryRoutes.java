package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tributary.broker.delivery.DeliveryRecords;
import dev.tributary.broker.store.Attempt;
import dev.tributary.broker.store.Retry;
import dev.tributary.core.CloudEventJson;
import dev.tributary.core.filter.Filter;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * What happened to a subscription's deliveries: {@code /v1/subscriptions/{id}/attempts}, {@code …/retries},
 * {@code …/deliveries} (one event's state), {@code …/dead-letters}, and {@code POST …/redrive}. All read the metadata
 * store or the dead-letter bus, so they run on the worker pool.
 */
final class DeliveryRoutes {
    private static final int MAX_LIMIT = 1000;

    private final Api api;

    DeliveryRoutes(Api api) {
        this.api = api;
    }

    void mount(Router router) {
        router.get("/v1/subscriptions/:id/attempts").handler(api.ownSubscription()).handler(Api.safe(this::attempts));
        router.get("/v1/subscriptions/:id/retries").handler(api.ownSubscription()).handler(Api.safe(this::retries));
        router.get("/v1/subscriptions/:id/deliveries").handler(api.ownSubscription()).handler(Api.safe(this::delivery));
        router.get("/v1/subscriptions/:id/dead-letters").handler(api.ownSubscription()).handler(Api.safe(this::deadLetters));
        router.post("/v1/subscriptions/:id/redrive").handler(api.ownSubscription()).handler(Api.safe(this::redrive));
    }

    private DeliveryRecords records() {
        return api.deliveries;
    }

    private void attempts(RoutingContext ctx) {
        String id = SubscriptionRoutes.id(ctx);
        String source = ctx.queryParams().get("source");
        String eventId = ctx.queryParams().get("eventId");
        if ((source == null) != (eventId == null)) {
            throw new BadRequestException(source == null ? "source" : "eventId",
                    "source and eventId go together: they name one event");
        }
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, MAX_LIMIT);
        long before = Params.longParam(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        api.blocking(ctx, () -> source != null
                        ? records().attemptsOf(id, source, eventId)
                        : records().attempts(id, limit, before),
                attempts -> json(out -> {
                    out.writeArrayFieldStart("attempts");
                    for (Attempt a : attempts) {
                        write(a, out);
                    }
                    out.writeEndArray();
                    if (source == null && attempts.size() == limit) {
                        out.writeNumberField("before", attempts.get(attempts.size() - 1).sequence());
                    }
                }), 200);
    }

    private void retries(RoutingContext ctx) {
        String id = SubscriptionRoutes.id(ctx);
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, MAX_LIMIT);
        String after = ctx.queryParams().get("after");
        api.blocking(ctx, () -> records().retries(id, limit, after), retries -> json(out -> {
            out.writeArrayFieldStart("retries");
            for (Retry r : retries) {
                out.writeStartObject();
                out.writeNumberField("partition", r.partition());
                out.writeNumberField("offset", r.offset());
                out.writeStringField("eventId", r.eventId());
                out.writeStringField("source", r.eventSource());
                out.writeNumberField("priority", r.priority());
                out.writeNumberField("attempts", r.attempts());
                out.writeStringField("firstAttemptAt", r.firstAttemptAt().toString());
                // a parked event (ordered mode) has no attempt time: it goes out once the one before it is resolved
                out.writeBooleanField("parked", r.parked());
                if (!r.parked()) {
                    out.writeStringField("nextAttemptAt", r.dueAt().toString());
                }
                out.writeNumberField("lastStatus", r.lastStatus());
                if (r.lastError() != null) {
                    out.writeStringField("lastError", r.lastError());
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            if (retries.size() == limit) {
                out.writeStringField("after", retries.get(retries.size() - 1).cursor());
            }
        }), 200);
    }

    private void delivery(RoutingContext ctx) {
        String id = SubscriptionRoutes.id(ctx);
        String source = required(ctx, "source");
        String eventId = required(ctx, "eventId");
        api.blocking(ctx, () -> records().state(id, source, eventId), state -> json(out -> {
            out.writeStringField("state", state.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (state.nextAttemptAt().isPresent()) {
                out.writeStringField("nextAttemptAt", state.nextAttemptAt().get().toString());
            }
            out.writeArrayFieldStart("attempts");
            for (Attempt a : state.attempts()) {
                write(a, out);
            }
            out.writeEndArray();
        }), 200);
    }

    private void deadLetters(RoutingContext ctx) {
        String id = SubscriptionRoutes.id(ctx);
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, MAX_LIMIT);
        long from = Params.longParam(ctx, "from", 0, 0, Long.MAX_VALUE);
        Filter filter = reasonFilter(ctx.queryParams().get("reason"));
        api.blocking(ctx, () -> records().deadLetters(id, filter, from, limit), page -> json(out -> {
            out.writeArrayFieldStart("deadLetters");
            for (DeliveryRecords.DeadLetter d : page.deadLetters()) {
                out.writeStartObject();
                out.writeNumberField("offset", d.offset());
                out.writeFieldName("event");
                CloudEventJson.write(d.event(), out);
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeNumberField("next", page.next());
        }), 200);
    }

    private void redrive(RoutingContext ctx) {
        String id = SubscriptionRoutes.id(ctx);
        JsonNode body = JsonBody.optionalObject(ctx);
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("filters") && !name.equals("from") && !name.equals("limit")) {
                throw new BadRequestException(name, "is not a known member; known: filters, from, limit");
            }
        }
        Filter filter = Filter.parse(body.get("filters"));
        long from = wholeNumber(body, "from", 0, Long.MAX_VALUE, 0);
        int limit = (int) wholeNumber(body, "limit", 1, DeliveryRecords.MAX_REDRIVE_SCAN, DeliveryRecords.MAX_REDRIVE_SCAN);
        api.blocking(ctx, () -> records().redrive(id, filter, from, limit), done -> json(out -> {
            out.writeNumberField("scheduled", done.scheduled());
            out.writeNumberField("withoutPosition", done.withoutPosition());
            out.writeNumberField("next", done.next());
            out.writeBooleanField("done", done.done());
        }), 200);
    }

    /** A whole-number member of a redrive body within {@code min..max}, or {@code otherwise} when absent. */
    private static long wholeNumber(JsonNode body, String name, long min, long max, long otherwise) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new BadRequestException(name, "must be a whole number within " + min + ".." + max + ", was " + value);
        }
        return value.asLong();
    }

    private static Filter reasonFilter(String reason) {
        if (reason == null) {
            return Filter.parse(null);
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        return Filter.parse(json.arrayNode().add(json.objectNode().set("exact",
                json.objectNode().put("deadletterreason", reason))));
    }

    private static String required(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.isEmpty()) {
            throw new BadRequestException(name, "is required: the event is named by source and eventId");
        }
        return value;
    }

    private static void write(Attempt a, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeNumberField("sequence", a.sequence());
        out.writeNumberField("partition", a.partition());
        out.writeNumberField("offset", a.offset());
        out.writeStringField("eventId", a.eventId());
        out.writeStringField("source", a.eventSource());
        out.writeNumberField("attempt", a.attempt());
        out.writeStringField("startedAt", a.startedAt().toString());
        out.writeNumberField("durationMs", a.duration().toNanos() / 1e6);
        if (a.status() >= 0) {
            out.writeNumberField("status", a.status());
        }
        out.writeStringField("outcome", a.outcome().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (a.error() != null) {
            out.writeStringField("error", a.error());
        }
        if (a.response() != null) {
            out.writeStringField("response", a.response());
        }
        out.writeEndObject();
    }

    /** A JSON object whose members {@code body} writes. */
    private static Buffer json(Members body) {
        return Envelopes.json(out -> {
            try {
                out.writeStartObject();
                body.write(out);
                out.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @FunctionalInterface
    private interface Members {
        void write(JsonGenerator out) throws IOException;
    }
}
