package dev.tributary.server.grpc;

import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.Names;
import dev.tributary.server.auth.ForbiddenException;
import dev.tributary.server.auth.Principal;
import dev.tributary.server.auth.Scope.Kind;
import io.grpc.Context;

/**
 * The principal {@link CallAuthentication} attached to a call, and the guard every method calls before it looks
 * anything up: like HTTP's {@code Access.bus}, it refuses (PERMISSION_DENIED naming the scope) before the bus is
 * looked up, so a refusal never tells whether the bus exists. Stateless.
 */
final class CallAccess {
    static final Context.Key<Principal> PRINCIPAL = Context.key("tributary.principal");

    private CallAccess() {}

    /**
     * Checks that the caller may do {@code kind} on {@code bus}, then that {@code bus} is a bus name.
     *
     * @return the bus name
     * @throws ForbiddenException naming the scope, such as {@code publish:orders}
     * @throws InvalidFieldException for a caller with the right on every bus and a malformed name
     */
    static String bus(Kind kind, String bus) {
        Principal p = principal();
        if (!p.allowsEveryBus(kind) && !p.allows(kind, bus)) {
            throw new ForbiddenException(kind.word() + ":" + bus, "");
        }
        try {
            return Names.requireBusName(bus);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("bus", e.getMessage());
        }
    }

    static Principal principal() {
        Principal principal = PRINCIPAL.get();
        if (principal == null) {
            throw new IllegalStateException("no principal: the call was reached without the authentication stage");
        }
        return principal;
    }
}
