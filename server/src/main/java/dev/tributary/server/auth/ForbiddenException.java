package dev.tributary.server.auth;

/** The caller is authenticated but lacks a scope; answered 403 naming the scope, never whether the resource exists. */
public final class ForbiddenException extends RuntimeException {
    private final String scope;

    public ForbiddenException(Scope scope, String why) {
        this(scope.toString(), why);
    }

    public ForbiddenException(String scope, String why) {
        super("requires scope " + scope + (why.isEmpty() ? "" : ": " + why));
        this.scope = scope;
    }

    public String scope() {
        return scope;
    }
}
