package dev.tributary.server.auth;

import dev.tributary.server.auth.Scope.Kind;
import java.util.List;

/**
 * Who made a request, as its credential says, and what it may do.
 *
 * @param name a key's name, a token's subject or a certificate's subject; what the audit log records
 * @param via how the caller proved it: {@code key}, {@code jwt}, {@code certificate} or {@code none} (auth off)
 * @param limits the caller's own rate limits (a key's), else the node's defaults
 */
public record Principal(String name, String via, List<Scope> scopes, RateLimits limits) {

    /** The caller of a node started with {@code --auth none}: anyone who can reach it, with every right. */
    public static final Principal UNAUTHENTICATED = new Principal("anonymous", "none", List.of(Scope.ADMIN));

    public Principal {
        scopes = List.copyOf(scopes);
        limits = limits == null ? RateLimits.NODE_DEFAULTS : limits;
    }

    /** A caller with the node's default rate limits. */
    public Principal(String name, String via, List<Scope> scopes) {
        this(name, via, scopes, RateLimits.NODE_DEFAULTS);
    }

    /** Whether it may do {@code kind} on {@code bus} ({@code null} for a node-wide right). */
    public boolean allows(Kind kind, String bus) {
        return scopes.stream().anyMatch(s -> s.allows(kind, bus));
    }

    /** Whether it may do {@code kind} on at least some bus. */
    public boolean allowsSomeBus(Kind kind) {
        return scopes.stream().anyMatch(s -> s.kind() == Kind.ADMIN || s.kind() == kind);
    }

    /** Whether it may do {@code kind} on every bus, including ones that do not exist. */
    public boolean allowsEveryBus(Kind kind) {
        return scopes.stream().anyMatch(s -> s.allowsEveryBus(kind));
    }

    /** Whether it may see that a bus exists: some per-bus right on it. */
    public boolean sees(String bus) {
        return allows(Kind.PUBLISH, bus) || allows(Kind.READ, bus) || allows(Kind.SUBSCRIBE, bus);
    }

    /** Whether it holds everything {@code scope} allows, so it may hand that scope on to a new key. */
    public boolean holds(Scope scope) {
        return scopes.stream().anyMatch(scope::within);
    }
}
