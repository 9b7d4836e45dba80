package dev.tributary.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.broker.delivery.CircuitView;
import dev.tributary.broker.subscription.StartPosition;
import dev.tributary.broker.subscription.Subscription;
import dev.tributary.core.Names;
import io.vertx.core.buffer.Buffer;
import dev.tributary.server.auth.Principal;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * {@code /v1/subscriptions}: create, list, describe, update, delete, pause, resume and reset subscriptions. The
 * metadata store is file I/O, so every call runs on the worker pool. An update may state the revision it was made
 * from in {@code If-Match} (412 if someone changed the subscription since); answers carry it as {@code ETag}.
 */
final class SubscriptionRoutes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Api api;

    SubscriptionRoutes(Api api) {
        this.api = api;
    }

    void mount(Router router) {
        router.post("/v1/subscriptions").handler(Access.someBus(Kind.SUBSCRIBE)).handler(Api.safe(this::create));
        router.get("/v1/subscriptions").handler(Access.someBus(Kind.SUBSCRIBE)).handler(Api.safe(this::list));
        router.get("/v1/subscriptions/:id").handler(api.ownSubscription()).handler(Api.safe(this::describe));
        router.put("/v1/subscriptions/:id").handler(api.ownSubscription()).handler(Api.safe(this::update));
        router.delete("/v1/subscriptions/:id").handler(api.ownSubscription()).handler(Api.safe(this::delete));
        router.post("/v1/subscriptions/:id/pause").handler(api.ownSubscription()).handler(Api.safe(this::pause));
        router.post("/v1/subscriptions/:id/resume").handler(api.ownSubscription()).handler(Api.safe(this::resume));
        router.post("/v1/subscriptions/:id/reset").handler(api.ownSubscription()).handler(Api.safe(this::reset));
        router.get("/v1/subscriptions/:id/positions").handler(api.ownSubscription()).handler(Api.safe(this::positions));
        router.get("/v1/subscriptions/:id/signing").handler(api.ownSubscription()).handler(Api.safe(this::signing));
    }

    private void create(RoutingContext ctx) {
        JsonNode definition = definition(ctx);
        requireTargets(ctx, definition);
        answer(ctx, 201, () -> api.subscriptions.create(definition));
    }

    private void list(RoutingContext ctx) {
        String bus = ctx.queryParams().get("bus");
        if (bus != null && !Names.isBusName(bus)) {
            throw new BadRequestException("bus", "must be a bus name, was \"" + bus + "\"");
        }
        if (bus != null) {
            Access.require(ctx, Kind.SUBSCRIBE, bus);
        }
        Principal caller = Access.principal(ctx);
        api.blocking(ctx, () -> listJson(api.subscriptions.list(bus).stream()
                .filter(s -> caller.allows(Kind.SUBSCRIBE, s.spec().bus()))
                .toList()), json -> json, 200);
    }

    private void describe(RoutingContext ctx) {
        String id = id(ctx);
        answer(ctx, 200, () -> api.subscriptions.get(id));
    }

    private void update(RoutingContext ctx) {
        String id = id(ctx);
        JsonNode definition = definition(ctx);
        requireTargets(ctx, definition);
        OptionalLong revision = ifMatch(ctx.request().getHeader("if-match"));
        answer(ctx, 200, () -> api.subscriptions.update(id, definition, revision));
    }

    private void delete(RoutingContext ctx) {
        String id = id(ctx);
        api.blocking(ctx, () -> {
            if (!api.subscriptions.delete(id)) {
                api.subscriptions.get(id); // answers the 404
            }
            return id;
        }, ignored -> null, 204);
    }

    private void pause(RoutingContext ctx) {
        String id = id(ctx);
        JsonNode body = JsonBody.optionalObject(ctx);
        JsonNode reason = body.get("reason");
        if (reason != null && !reason.isTextual()) {
            throw new BadRequestException("reason", "must be a string");
        }
        String why = reason == null ? "paused through the API" : reason.asText();
        answer(ctx, 200, () -> api.subscriptions.pause(id, why));
    }

    private void resume(RoutingContext ctx) {
        String id = id(ctx);
        answer(ctx, 200, () -> api.subscriptions.resume(id));
    }

    private void reset(RoutingContext ctx) {
        String id = id(ctx);
        JsonNode body = JsonBody.object(ctx, "{\"position\":\"earliest\"}");
        if (!body.has("position") || body.size() != 1) {
            throw new BadRequestException("position",
                    "is required (and alone): earliest, latest, an RFC 3339 time or an object of partition to offset");
        }
        StartPosition position = StartPosition.fromJson(checkedStart(body.get("position"), "position"), "position");
        api.blocking(ctx, () -> api.subscriptions.reset(id, position), SubscriptionRoutes::positionsJson, 200);
    }

    private void positions(RoutingContext ctx) {
        String id = id(ctx);
        api.blocking(ctx, () -> api.subscriptions.positions(id), SubscriptionRoutes::positionsJson, 200);
    }

    private void signing(RoutingContext ctx) {
        String id = id(ctx);
        api.blocking(ctx, () -> api.subscriptions.signingSecrets(id), secrets -> {
            ObjectNode out = JSON.objectNode();
            var list = out.putArray("secrets");
            secrets.forEach(secret -> list.add(secret.encoded()));
            return Buffer.buffer(out.toString());
        }, 200);
    }

    private void answer(RoutingContext ctx, int status, Callable<Subscription> work) {
        // the circuit is read on the worker too: the dispatchers' lock may be held while one stops
        record Answer(long revision, ObjectNode json) {}
        api.blocking(ctx, () -> {
            Subscription subscription = work.call();
            return new Answer(subscription.revision(), json(subscription));
        }, answer -> {
            ctx.response().putHeader("etag", "\"" + answer.revision() + "\"");
            return Buffer.buffer(answer.json().toString());
        }, status);
    }

    /** The subscription's definition and state, with its circuit (see {@link CircuitView}). */
    private ObjectNode json(Subscription subscription) {
        ObjectNode json = subscription.toJson();
        CircuitView circuit = api.deliveries.circuit(subscription.id());
        ObjectNode c = json.putObject("circuit");
        c.put("state", circuit.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        c.put("failuresInARow", circuit.failuresInARow());
        circuit.nextProbeAt().ifPresent(at -> c.put("nextProbeAt", at.toString()));
        circuit.openedAt().ifPresent(at -> c.put("openedAt", at.toString()));
        return json;
    }

    /** A subscription definition, its start time checked here (see {@link #checkedStart}). */
    /**
     * A subscription may name its bus (subscribe) and a dead-letter bus (publish: dead letters are written there); a
     * missing or malformed name is left for the definition's own check to refuse with 400.
     */
    private static void requireTargets(RoutingContext ctx, JsonNode definition) {
        JsonNode bus = definition.get("bus");
        if (bus != null && bus.isTextual()) {
            Access.require(ctx, Kind.SUBSCRIBE, bus.asText());
        }
        JsonNode deadLetters = definition.path("delivery").get("deadLetterBus");
        String id = ctx.pathParam("id") != null ? ctx.pathParam("id") : definition.path("id").asText(null);
        // the default, <id>-dlq, belongs to the subscription; another bus is someone else's to write to
        if (deadLetters != null && deadLetters.isTextual() && !deadLetters.asText().equals(id + "-dlq")) {
            Access.require(ctx, Kind.PUBLISH, deadLetters.asText());
        }
    }

    private static JsonNode definition(RoutingContext ctx) {
        JsonNode definition = JsonBody.object(ctx, "{\"bus\":\"orders\",\"sink\":\"https://…\"}");
        checkedStart(definition.get("startAt"), "startAt");
        return definition;
    }

    /**
     * A start position ({@code earliest}, {@code latest}, a time or offsets) whose time, if it is one, is an RFC 3339
     * timestamp with a four-digit year: expanded ISO 8601 years parse as instants that the log cannot look up.
     */
    private static JsonNode checkedStart(JsonNode position, String field) {
        if (position != null && position.isTextual()) {
            String text = position.asText();
            if (!text.equalsIgnoreCase("earliest") && !text.equalsIgnoreCase("latest")) {
                try {
                    Times.parse(field, text);
                } catch (BadRequestException e) {
                    throw new BadRequestException(field, "must be earliest, latest, an RFC 3339 time such as "
                            + "2026-01-31T12:00:00Z or an object of partition to offset, was \"" + text + "\"");
                }
            }
        }
        return position;
    }

    static String id(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!Names.isSubscriptionId(id)) {
            throw new BadRequestException("id", "must be 1-" + Names.MAX_SUBSCRIPTION_ID
                    + " characters a-z 0-9 _ - starting with a letter or digit, was \"" + id + "\"");
        }
        return id;
    }

    /** {@code If-Match: "3"} (or {@code 3}) → revision 3; absent → no condition. */
    static OptionalLong ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return OptionalLong.empty();
        }
        String value = header.strip();
        if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long revision = Long.parseLong(value);
            if (revision >= 1) {
                return OptionalLong.of(revision);
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new BadRequestException("if-match", "must be a subscription revision such as \"3\", was " + header);
    }

    private Buffer listJson(List<Subscription> subscriptions) {
        ObjectNode out = JSON.objectNode();
        var items = out.putArray("subscriptions");
        subscriptions.forEach(s -> items.add(json(s)));
        return Buffer.buffer(out.toString());
    }

    private static Buffer positionsJson(Map<Integer, Long> offsets) {
        ObjectNode out = JSON.objectNode();
        ObjectNode positions = out.putObject("positions");
        offsets.forEach((p, offset) -> positions.put(Integer.toString(p), offset));
        return Buffer.buffer(out.toString());
    }
}
