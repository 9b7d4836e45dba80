package dev.tributary.server.http;

import dev.tributary.server.auth.ForbiddenException;
import dev.tributary.server.auth.Principal;
import dev.tributary.server.auth.Scope;
import dev.tributary.server.auth.Scope.Kind;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The authorization guards every route is mounted with, and the principal {@link Gate} left on the request. A guard
 * that fails answers 403 naming the scope; it answers before the route looks anything up, so a 403 never tells
 * whether the resource exists. Routes whose bus is known only from the body or from a stored subscription call
 * {@link #require} once they know it.
 */
final class Access {
    private static final String PRINCIPAL = "tributary.principal";
    private static final String OPEN = "tributary.open";

    private Access() {}

    static void admit(RoutingContext ctx, Principal principal) {
        ctx.put(PRINCIPAL, principal);
        ctx.next();
    }

    /** An open route ({@code open-routes}): its guard lets anyone through. */
    static void admitOpen(RoutingContext ctx) {
        ctx.put(OPEN, Boolean.TRUE);
        ctx.put(PRINCIPAL, new Principal("anonymous", "open-route", java.util.List.of()));
        ctx.next();
    }

    static Principal principal(RoutingContext ctx) {
        Principal principal = ctx.get(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("no principal: the route was reached without the authentication stage");
        }
        return principal;
    }

    static java.util.Optional<Principal> principalIfAny(RoutingContext ctx) {
        return java.util.Optional.ofNullable(ctx.get(PRINCIPAL));
    }

    static String address(RoutingContext ctx) {
        var remote = ctx.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    /** A node-wide right, such as {@code metrics} or {@code keys}. */
    static Handler<RoutingContext> node(Kind kind) {
        return ctx -> pass(ctx, open(ctx) || principal(ctx).allows(kind, null), kind.word());
    }

    /** A right on the bus of the {@code bus} path parameter. */
    static Handler<RoutingContext> bus(Kind kind) {
        return ctx -> {
            String bus = ctx.pathParam("bus");
            Principal p = principal(ctx);
            pass(ctx, p.allowsEveryBus(kind) || p.allows(kind, bus), kind.word() + ":" + bus);
        };
    }

    /** Some right on the bus of the {@code bus} path parameter: describing a bus. */
    static Handler<RoutingContext> seesBus() {
        return ctx -> {
            String bus = ctx.pathParam("bus");
            Principal p = principal(ctx);
            boolean every = p.allowsEveryBus(Kind.PUBLISH) || p.allowsEveryBus(Kind.READ)
                    || p.allowsEveryBus(Kind.SUBSCRIBE);
            pass(ctx, every || p.sees(bus), "publish, read or subscribe on " + bus);
        };
    }

    /** Some per-bus right on some bus: listing buses (the list shows only the buses the caller has a right on). */
    static Handler<RoutingContext> someBus() {
        return ctx -> {
            Principal p = principal(ctx);
            pass(ctx, p.allowsSomeBus(Kind.PUBLISH) || p.allowsSomeBus(Kind.READ) || p.allowsSomeBus(Kind.SUBSCRIBE),
                    "publish, read or subscribe on some bus");
        };
    }

    /** Some right of {@code kind} on some bus; the route narrows it with {@link #require} once it knows the bus. */
    static Handler<RoutingContext> someBus(Kind kind) {
        return ctx -> pass(ctx, principal(ctx).allowsSomeBus(kind), kind.word() + ":<bus>");
    }

    /** Any valid credential. */
    static Handler<RoutingContext> authenticated() {
        return ctx -> ctx.next();
    }

    /** Throws 403 unless the caller may do {@code kind} on {@code bus}. */
    static void require(RoutingContext ctx, Kind kind, String bus) {
        Principal p = principal(ctx);
        if (!p.allowsEveryBus(kind) && !p.allows(kind, bus)) {
            throw new ForbiddenException(new Scope(kind, bus), "");
        }
    }

    private static boolean open(RoutingContext ctx) {
        return Boolean.TRUE.equals(ctx.get(OPEN));
    }

    private static void pass(RoutingContext ctx, boolean allowed, String scope) {
        if (allowed || open(ctx)) {
            ctx.next();
        } else {
            Problem.from(new ForbiddenException(scope, "")).send(ctx.response());
        }
    }
}
