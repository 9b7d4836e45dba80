package dev.tributary.server.http;

import dev.tributary.broker.store.AuditEntry;
import dev.tributary.broker.store.AuditLog;
import dev.tributary.server.auth.Principal;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every change made through the API (buses, subscriptions, keys, schemas, hooks: every request other than a
 * read or a publish) in the audit log once it is answered: who, what, when, from which address, and the status.
 * Refused attempts are recorded too, as they are what an audit looks for. The body is never recorded: it may hold
 * credentials. Writes go to the worker pool, at most {@link #MAX_PENDING} at a time; beyond
 * that an entry is dropped and counted rather than let a flood of changes queue without bound.
 */
final class AuditTrail implements Handler<RoutingContext> {
    static final int MAX_PENDING = 1_000;
    private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());

    private final Vertx vertx;
    private final AuditLog log;
    private final Clock clock;
    private final AtomicInteger pending;

    AuditTrail(Vertx vertx, AuditLog log, Clock clock, AtomicInteger pending) {
        this.vertx = vertx;
        this.log = log;
        this.clock = clock;
        this.pending = pending;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (isChange(ctx)) {
            ctx.addBodyEndHandler(v -> record(ctx));
        }
        ctx.next();
    }

    private static boolean isChange(RoutingContext ctx) {
        String method = ctx.request().method().name();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return false;
        }
        String path = ctx.request().path();
        return path.startsWith("/v1/") && !path.endsWith("/events") && !path.startsWith("/v1/hooks/");
    }

    private void record(RoutingContext ctx) {
        Route route = ctx.currentRoute();
        String pattern = route == null || route.getPath() == null ? ctx.request().path() : route.getPath();
        String actor = Access.principalIfAny(ctx).map(Principal::name).orElse("unauthenticated");
        int status = ctx.response().getStatusCode();
        AuditEntry entry = new AuditEntry(0, clock.instant(), actor, Access.address(ctx),
                ctx.request().method().name() + " " + pattern, ctx.request().path(), status,
                Optional.empty());
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "audit log behind by " + MAX_PENDING + " entries; dropped " + entry);
            return;
        }
        vertx.executeBlocking(() -> {
            log.record(entry);
            return null;
        }, false).onComplete(done -> {
            pending.decrementAndGet();
            if (done.failed()) {
                LOG.log(System.Logger.Level.WARNING, "cannot record audit entry " + entry, done.cause());
            }
        });
    }
}
