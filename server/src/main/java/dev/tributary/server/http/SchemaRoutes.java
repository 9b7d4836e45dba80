package dev.tributary.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.broker.Bus;
import dev.tributary.broker.schema.Compatibility;
import dev.tributary.broker.schema.Enforcement;
import dev.tributary.broker.schema.SchemaRegistry;
import dev.tributary.broker.schema.SchemaValidator;
import dev.tributary.broker.schema.SchemaVersion;
import dev.tributary.broker.schema.Subject;
import dev.tributary.broker.schema.Violation;
import dev.tributary.core.Names;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/schemas}: the schema registry (scope {@code schemas}). A subject is an event type, for every bus or, with
 * {@code ?bus=}, for one; its versions are immutable and numbered; each new one must follow the subject's
 * compatibility rule. {@code /v1/buses/{bus}/validation} sets what a bus does with events its schemas refuse.
 */
final class SchemaRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api;
    private final SchemaRegistry registry;

    SchemaRoutes(Api api) {
        this.api = api;
        this.registry = api.schemas.registry();
    }

    void mount(Router router) {
        router.get("/v1/schemas").handler(Access.node(Kind.SCHEMAS)).handler(Api.safe(this::subjects));
        router.post("/v1/schemas/:type/versions").handler(Access.node(Kind.SCHEMAS)).handler(Api.safe(this::register));
        router.get("/v1/schemas/:type/versions").handler(Access.node(Kind.SCHEMAS)).handler(Api.safe(this::versions));
        router.get("/v1/schemas/:type/versions/:version").handler(Access.node(Kind.SCHEMAS)).handler(Api.safe(this::get));
        router.delete("/v1/schemas/:type/versions/:version").handler(Access.node(Kind.SCHEMAS))
                .handler(Api.safe(this::delete));
        router.get("/v1/schemas/:type/compatibility").handler(Access.node(Kind.SCHEMAS))
                .handler(Api.safe(this::compatibility));
        router.put("/v1/schemas/:type/compatibility").handler(Access.node(Kind.SCHEMAS))
                .handler(Api.safe(this::setCompatibility));
        router.post("/v1/schemas/:type/check").handler(Access.node(Kind.SCHEMAS)).handler(Api.safe(this::check));
        router.get("/v1/buses/:bus/validation").handler(Access.node(Kind.SCHEMAS)).handler(Api.safe(this::validation));
        router.put("/v1/buses/:bus/validation").handler(Access.node(Kind.SCHEMAS))
                .handler(Api.safe(this::setValidation));
    }

    private void subjects(RoutingContext ctx) {
        api.blocking(ctx, () -> {
            ObjectNode out = JSON.createObjectNode();
            var list = out.putArray("subjects");
            for (Subject subject : registry.subjects()) {
                ObjectNode s = list.addObject();
                subject(s, subject);
                s.put("compatibility", registry.compatibility(subject).jsonName());
                registry.latest(subject).ifPresent(v -> s.put("latestVersion", v.version()));
            }
            return out;
        }, SchemaRoutes::buffer, 200);
    }

    private void register(RoutingContext ctx) {
        Subject subject = subject(ctx);
        JsonNode body = JsonBody.object(ctx, "{\"schema\":{\"type\":\"object\"}}");
        JsonBody.rejectUnknown(body, Set.of("schema"), "");
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isObject()) {
            throw new BadRequestException("schema", "is required and must be a JSON Schema object");
        }
        api.vertx.executeBlocking(() -> {
            Optional<SchemaVersion> before = registry.latest(subject);
            SchemaVersion version = registry.register(subject, schema.toString());
            boolean created = before.isEmpty() || before.get().version() != version.version();
            return new Registered(version, created);
        }, false).onComplete(done -> {
            if (done.failed()) {
                Problem.from(done.cause()).send(ctx.response());
            } else {
                // the same schema as the latest version registers nothing and answers that version
                Api.send(ctx, done.result().created ? 201 : 200, buffer(json(done.result().version)));
            }
        });
    }

    private record Registered(SchemaVersion version, boolean created) {}

    private void versions(RoutingContext ctx) {
        Subject subject = subject(ctx);
        api.blocking(ctx, () -> registry.versions(subject), versions -> {
            ObjectNode out = JSON.createObjectNode();
            var list = out.putArray("versions");
            versions.forEach(v -> list.add(json(v)));
            return buffer(out);
        }, 200);
    }

    private void get(RoutingContext ctx) {
        Subject subject = subject(ctx);
        String version = ctx.pathParam("version");
        api.blocking(ctx, () -> version(subject, version).orElseThrow(() -> notFound(subject, version)),
                v -> buffer(json(v)), 200);
    }

    private void delete(RoutingContext ctx) {
        Subject subject = subject(ctx);
        int version = (int) Params.parseLong("version", ctx.pathParam("version"), 1, Integer.MAX_VALUE);
        api.blocking(ctx, () -> {
            boolean deleted = registry.delete(subject, version, v -> isEnforced(v));
            if (!deleted) {
                throw notFound(subject, Integer.toString(version));
            }
            return version;
        }, ignored -> null, 204);
    }

    /** The latest live version of a subject that some bus validates with cannot go without notice. */
    private boolean isEnforced(SchemaVersion version) {
        Optional<SchemaVersion> latest = registry.latest(version.subject());
        if (latest.isEmpty() || latest.get().version() != version.version()) {
            return false;
        }
        Set<String> buses = api.schemas.busesValidating(version.subject(), api.buses::find);
        if (buses.isEmpty()) {
            return false;
        }
        throw new HttpStatusException(409, "schema-in-use", "Schema in use", version + " is the latest version and"
                + " buses " + buses + " validate with it; set their validation to off, or register a newer version,"
                + " first");
    }

    private void compatibility(RoutingContext ctx) {
        Subject subject = subject(ctx);
        api.blocking(ctx, () -> registry.compatibility(subject), c -> compatibilityJson(subject, c), 200);
    }

    private void setCompatibility(RoutingContext ctx) {
        Subject subject = subject(ctx);
        JsonNode body = JsonBody.object(ctx, "{\"compatibility\":\"backward\"}");
        JsonBody.rejectUnknown(body, Set.of("compatibility"), "");
        Compatibility compatibility;
        try {
            compatibility = Compatibility.fromJsonName(body.path("compatibility").asText(null));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("compatibility", e.getMessage());
        }
        api.blocking(ctx, () -> {
            registry.setCompatibility(subject, compatibility);
            return compatibility;
        }, c -> compatibilityJson(subject, c), 200);
    }

    private void check(RoutingContext ctx) {
        Subject subject = subject(ctx);
        JsonNode body = JsonBody.object(ctx, "{\"data\":{\"total\":42}}");
        JsonBody.rejectUnknown(body, Set.of("data"), "");
        if (!body.has("data")) {
            throw new BadRequestException("data", "is required: the event data to check");
        }
        api.blocking(ctx, () -> {
            Optional<SchemaValidator> validator = subject.isGlobal() ? registry.validator(null, subject.type())
                    : registry.validator(subject.bus(), subject.type());
            SchemaValidator v = validator.orElseThrow(() -> notFound(subject, "latest"));
            List<Violation> violations = v.validate(body.get("data"));
            ObjectNode out = JSON.createObjectNode();
            out.put("valid", violations.isEmpty());
            out.put("schema", v.version().uri().toString());
            var list = out.putArray("violations");
            violations.forEach(x -> list.addObject().put("pointer", x.pointer()).put("keyword", x.keyword())
                    .put("message", x.message()));
            return out;
        }, SchemaRoutes::buffer, 200);
    }

    private void validation(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        Api.send(ctx, 200, validationJson(bus, api.schemas.mode(bus)));
    }

    private void setValidation(RoutingContext ctx) {
        Bus bus = api.bus(ctx);
        JsonNode body = JsonBody.object(ctx, "{\"mode\":\"enforce\"}");
        JsonBody.rejectUnknown(body, Set.of("mode"), "");
        Enforcement mode;
        try {
            mode = Enforcement.fromJsonName(body.path("mode").asText(null));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("mode", e.getMessage());
        }
        api.blocking(ctx, () -> {
            api.schemas.set(bus, mode);
            return mode;
        }, m -> validationJson(bus, m), 200);
    }

    private Optional<SchemaVersion> version(Subject subject, String version) {
        if (version.equals("latest")) {
            return registry.latest(subject);
        }
        return registry.get(subject, (int) Params.parseLong("version", version, 1, Integer.MAX_VALUE));
    }

    private static Subject subject(RoutingContext ctx) {
        String bus = ctx.queryParams().get("bus");
        if (bus != null && !Names.isBusName(bus)) {
            throw new BadRequestException("bus", "must be a bus name, was \"" + bus + "\"");
        }
        try {
            return bus == null ? Subject.global(ctx.pathParam("type")) : Subject.onBus(bus, ctx.pathParam("type"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("type", e.getMessage());
        }
    }

    private static void subject(ObjectNode out, Subject subject) {
        out.put("type", subject.type());
        if (!subject.isGlobal()) {
            out.put("bus", subject.bus());
        }
    }

    private static ObjectNode json(SchemaVersion v) {
        ObjectNode out = JSON.createObjectNode();
        subject(out, v.subject());
        out.put("version", v.version());
        out.put("uri", v.uri().toString());
        try {
            out.set("schema", JSON.readTree(v.schema()));
        } catch (IOException e) {
            out.put("schema", v.schema());
        }
        out.put("fingerprint", v.fingerprint());
        out.put("createdAt", v.createdAt().toString());
        if (v.deletedAt() != null) {
            out.put("deletedAt", v.deletedAt().toString());
        }
        return out;
    }

    private static Buffer compatibilityJson(Subject subject, Compatibility compatibility) {
        ObjectNode out = JSON.createObjectNode();
        subject(out, subject);
        out.put("compatibility", compatibility.jsonName());
        return buffer(out);
    }

    private static Buffer validationJson(Bus bus, Enforcement mode) {
        ObjectNode out = JSON.createObjectNode();
        out.put("bus", bus.name());
        out.put("mode", mode.jsonName());
        return buffer(out);
    }

    private static HttpStatusException notFound(Subject subject, String version) {
        return new HttpStatusException(404, "schema-not-found", "Schema not found",
                "no live version " + version + " of " + subject);
    }

    private static Buffer buffer(JsonNode json) {
        return Buffer.buffer(json.toString());
    }
}
