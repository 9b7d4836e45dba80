package dev.tributary.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.broker.store.StoredApiKey;
import dev.tributary.server.auth.ApiKeys;
import dev.tributary.server.auth.RateLimits;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code /v1/keys}: make, list, describe and revoke API keys (scope {@code keys}). The token is in the answer to its
 * creation only; the node keeps its hash. A key can be given only scopes its creator holds.
 */
final class KeyRoutes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> CREATE_FIELDS = Set.of("name", "scopes", "expiresAt", "limits");
    private static final Set<String> LIMIT_FIELDS = Set.of("requestsPerSecond", "eventsPerSecond");

    private final Api api;
    private final ApiKeys keys;

    KeyRoutes(Api api, ApiKeys keys) {
        this.api = api;
        this.keys = keys;
    }

    void mount(Router router) {
        router.post("/v1/keys").handler(Access.node(Kind.KEYS)).handler(Api.safe(this::create));
        router.get("/v1/keys").handler(Access.node(Kind.KEYS)).handler(Api.safe(this::list));
        router.get("/v1/keys/:id").handler(Access.node(Kind.KEYS)).handler(Api.safe(this::describe));
        router.delete("/v1/keys/:id").handler(Access.node(Kind.KEYS)).handler(Api.safe(this::revoke));
    }

    private void create(RoutingContext ctx) {
        JsonNode body = JsonBody.object(ctx, "{\"name\":\"ci\",\"scopes\":[\"publish:orders\"]}");
        JsonBody.rejectUnknown(body, CREATE_FIELDS, "");
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw new BadRequestException("name", "is required and must be a string");
        }
        JsonNode scopes = body.get("scopes");
        if (scopes == null || !scopes.isArray()) {
            throw new BadRequestException("scopes", "is required and must be an array of scopes such as"
                    + " \"publish:orders\"");
        }
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < scopes.size(); i++) {
            if (!scopes.get(i).isTextual()) {
                throw new BadRequestException("scopes[" + i + "]", "must be a string");
            }
            wanted.add(scopes.get(i).asText());
        }
        JsonNode expires = body.get("expiresAt");
        if (expires != null && !expires.isTextual()) {
            throw new BadRequestException("expiresAt", "must be an RFC 3339 time");
        }
        Optional<Instant> expiresAt = expires == null ? Optional.empty()
                : Optional.of(Times.parse("expiresAt", expires.asText()));
        RateLimits limits = limits(body.get("limits"));
        var caller = Access.principal(ctx);
        api.blocking(ctx, () -> keys.create(name.asText(), wanted, expiresAt, limits, caller), created -> {
            ObjectNode out = json(created.key());
            out.put("token", created.token().text());
            return Buffer.buffer(out.toString());
        }, 201);
    }

    private static RateLimits limits(JsonNode limits) {
        if (limits == null) {
            return RateLimits.NODE_DEFAULTS;
        }
        if (!limits.isObject()) {
            throw new BadRequestException("limits", "must be an object like {\"requestsPerSecond\":100}");
        }
        JsonBody.rejectUnknown(limits, LIMIT_FIELDS, "limits.");
        return new RateLimits(rate(limits, "requestsPerSecond"), rate(limits, "eventsPerSecond"));
    }

    private static OptionalLong rate(JsonNode limits, String field) {
        JsonNode value = limits.get(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > RateLimits.MAX) {
            throw new BadRequestException("limits." + field, "must be an integer within 0.." + RateLimits.MAX
                    + " (0: no limit), was " + value);
        }
        return OptionalLong.of(value.asLong());
    }

    private void list(RoutingContext ctx) {
        api.blocking(ctx, keys::list, all -> {
            ObjectNode out = JSON.objectNode();
            var list = out.putArray("keys");
            all.forEach(key -> list.add(json(key)));
            return Buffer.buffer(out.toString());
        }, 200);
    }

    private void describe(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        api.blocking(ctx, () -> keys.get(id).orElseThrow(() -> notFound(id)),
                key -> Buffer.buffer(json(key).toString()), 200);
    }

    private void revoke(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        api.blocking(ctx, () -> {
            if (!keys.revoke(id)) {
                throw notFound(id);
            }
            return id;
        }, ignored -> null, 204);
    }

    private static HttpStatusException notFound(String id) {
        return new HttpStatusException(404, "key-not-found", "Key not found", "no key has the id " + id);
    }

    static ObjectNode json(StoredApiKey key) {
        ObjectNode out = JSON.objectNode();
        out.put("id", key.id());
        out.put("name", key.name());
        var scopes = out.putArray("scopes");
        key.scopes().forEach(scopes::add);
        out.put("createdAt", key.createdAt().toString());
        key.expiresAt().ifPresent(t -> out.put("expiresAt", t.toString()));
        key.lastUsedAt().ifPresent(t -> out.put("lastUsedAt", t.toString()));
        key.revokedAt().ifPresent(t -> out.put("revokedAt", t.toString()));
        out.put("state", key.revokedAt().isPresent() ? "revoked" : "active");
        if (key.limits().requestsPerSecond().isPresent() || key.limits().eventsPerSecond().isPresent()) {
            ObjectNode limits = out.putObject("limits");
            key.limits().requestsPerSecond().ifPresent(r -> limits.put("requestsPerSecond", r));
            key.limits().eventsPerSecond().ifPresent(r -> limits.put("eventsPerSecond", r));
        }
        return out;
    }
}
