package dev.tributary.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.broker.Bus;
import dev.tributary.server.auth.Scope.Kind;
import dev.tributary.server.hooks.HookHeaders;
import dev.tributary.server.hooks.HookOutcome;
import dev.tributary.server.hooks.HookRequest;
import dev.tributary.server.hooks.Hooks;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /v1/hooks}: inbound webhooks. Managing them needs scope {@code hooks} (and {@code publish} on the bus a hook
 * writes to); a delivery, {@code POST /v1/hooks/{name}} (and the CloudEvents handshake, {@code OPTIONS}), is
 * authenticated by the provider's signature instead of a credential. A verified delivery is appended to the hook's
 * bus and answered once durable; a provider's retry of it is a duplicate (the bus's dedup window) and answered as
 * stored. A refused one writes nothing and is counted; its body is never logged.
 */
final class HookRoutes {
    private static final Pattern INGEST_PATH = Pattern.compile("/v1/hooks/[^/]+");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Api api;
    private final Hooks hooks;
    private final Clock clock;

    HookRoutes(Api api, Hooks hooks, Clock clock) {
        this.api = api;
        this.hooks = hooks;
        this.clock = clock;
    }

    /** Whether the request is a delivery to a hook, which the provider's signature authenticates. */
    static boolean isIngest(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        return (method == HttpMethod.POST || method == HttpMethod.OPTIONS)
                && INGEST_PATH.matcher(ctx.request().path()).matches();
    }

    void mount(Router router) {
        router.post("/v1/hooks").handler(Access.node(Kind.HOOKS)).handler(Api.safe(this::create));
        router.get("/v1/hooks").handler(Access.node(Kind.HOOKS)).handler(Api.safe(this::list));
        router.get("/v1/hooks/:name").handler(Access.node(Kind.HOOKS)).handler(Api.safe(this::describe));
        router.put("/v1/hooks/:name").handler(Access.node(Kind.HOOKS)).handler(Api.safe(this::update));
        router.delete("/v1/hooks/:name").handler(Access.node(Kind.HOOKS)).handler(Api.safe(this::delete));
        router.post("/v1/hooks/:name").handler(Access.authenticated()).handler(Api.safe(this::receive));
        router.options("/v1/hooks/:name").handler(Access.authenticated()).handler(Api.safe(this::receive));
    }

    private void create(RoutingContext ctx) {
        var definition = JsonBody.object(ctx, "{\"name\":\"github\",\"bus\":\"repos\",\"provider\":\"github\","
                + "\"secrets\":[\"…\"]}");
        Access.require(ctx, Kind.PUBLISH, Hooks.bus(definition));
        api.blocking(ctx, () -> hooks.create(definition), t -> Buffer.buffer(t.toJson().toString()), 201);
    }

    private void list(RoutingContext ctx) {
        ObjectNode out = JSON.objectNode();
        var list = out.putArray("hooks");
        hooks.list().forEach(t -> list.add(t.toJson()));
        Api.send(ctx, 200, Buffer.buffer(out.toString()));
    }

    private void describe(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Hooks.Target target = hooks.find(name).orElseThrow(() -> notFound(name));
        Api.send(ctx, 200, Buffer.buffer(target.toJson().toString()));
    }

    private void update(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        var definition = JsonBody.object(ctx, null);
        Access.require(ctx, Kind.PUBLISH, Hooks.bus(definition));
        api.blocking(ctx, () -> hooks.update(name, definition).orElseThrow(() -> notFound(name)),
                t -> Buffer.buffer(t.toJson().toString()), 200);
    }

    private void delete(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        api.blocking(ctx, () -> {
            if (!hooks.delete(name)) {
                throw notFound(name);
            }
            return name;
        }, ignored -> null, 204);
    }

    private void receive(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Hooks.Target target = hooks.find(name).orElseThrow(() -> notFound(name));
        var request = ctx.request();
        HookOutcome outcome = target.hook().receive(HookRequest.of(request.method().name(), request.path(),
                request.query(), HookHeaders.of(request.headers()), RequestBody.of(ctx).getBytes(), clock));
        switch (outcome) {
            case HookOutcome.Accepted accepted -> {
                Bus bus = api.buses.get(target.bus());
                api.ingest.check(Optional.empty(), bus, accepted.events(), accepted.events().size() > 1);
                api.async(ctx, bus.publish(accepted.events()), PublishRoutes::results);
            }
            case HookOutcome.Reply reply -> {
                reply.headers().forEach(ctx.response()::putHeader);
                ctx.response().setStatusCode(reply.status()).end(Buffer.buffer(reply.body()));
            }
            case HookOutcome.Refused refused -> {
                api.metrics.hookRefused(name, refused.label());
                refused.headers().forEach(ctx.response()::putHeader);
                Problem.of(refused.status(), "hook-refused", "Hook delivery refused",
                                refused.field() + ": " + refused.reason())
                        .with("field", refused.field())
                        .with("reason", refused.label())
                        .send(ctx.response());
            }
        }
    }

    private static HttpStatusException notFound(String name) {
        return new HttpStatusException(404, "hook-not-found", "Hook not found", "no hook is named " + name);
    }
}
