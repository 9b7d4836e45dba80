package dev.tributary.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.broker.store.AuditEntry;
import dev.tributary.broker.store.AuditLog;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code GET /v1/audit}: the audit log, oldest first, paged by sequence (scope {@code admin}). */
final class AuditRoutes {
    static final int MAX_LIMIT = 1000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Api api;
    private final AuditLog log;

    AuditRoutes(Api api, AuditLog log) {
        this.api = api;
        this.log = log;
    }

    void mount(Router router) {
        router.get("/v1/audit").handler(Access.node(Kind.ADMIN)).handler(Api.safe(this::list));
    }

    private void list(RoutingContext ctx) {
        long after = Params.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, MAX_LIMIT);
        api.blocking(ctx, () -> log.list(after, limit), entries -> json(entries, after), 200);
    }

    private static Buffer json(List<AuditEntry> entries, long after) {
        ObjectNode out = JSON.objectNode();
        var list = out.putArray("entries");
        long last = after;
        for (AuditEntry e : entries) {
            ObjectNode entry = list.addObject();
            entry.put("sequence", e.sequence());
            entry.put("at", e.at().toString());
            entry.put("actor", e.actor());
            entry.put("address", e.address());
            entry.put("action", e.action());
            entry.put("resource", e.resource());
            entry.put("status", e.status());
            e.detail().ifPresent(d -> entry.put("detail", d));
            last = e.sequence();
        }
        out.put("next", last);
        return Buffer.buffer(out.toString());
    }
}
