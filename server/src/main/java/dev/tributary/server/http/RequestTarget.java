package dev.tributary.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The first stage after measuring: refuses a request target that the router would reinterpret rather than match as
 * sent. The router normalizes paths (RFC 3986 §5.2.4), so {@code DELETE /v1/buses/x/../decoy} would delete bus
 * {@code decoy}; it decodes {@code %2F} inside a segment into a slash; and a malformed query escape would surface
 * later as an internal error. Each is answered 400 naming {@code path} or the query parameter. Stateless.
 */
final class RequestTarget implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        String refusal = pathRefusal(path);
        if (refusal != null) {
            Problem.of(400, "invalid-request", "Invalid request", "path: " + refusal)
                    .with("field", "path")
                    .send(ctx.response());
            return;
        }
        String query = ctx.request().query();
        BadRequestException bad = query == null ? null : queryRefusal(query);
        if (bad != null) {
            Problem.from(bad).send(ctx.response());
            return;
        }
        ctx.next();
    }

    /** Why {@code path} (raw, as sent) is refused, or null if it is taken as it is. */
    static String pathRefusal(String path) {
        if (path == null || !path.startsWith("/")) {
            return "must start with '/', was '" + path + "'";
        }
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String raw = segments[i];
            // an empty last segment is a trailing slash; an empty one inside would be collapsed by normalization
            if (raw.isEmpty()) {
                if (i < segments.length - 1) {
                    return "must not contain an empty segment ('//')";
                }
                continue;
            }
            String segment = PercentEncoding.decode(raw, false);
            if (segment == null) {
                return "segment '" + raw + "' is not valid percent-encoding of UTF-8";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "must not contain the dot-segment '" + raw + "'";
            }
            if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0) {
                return "segment '" + raw + "' must not contain an encoded slash or a backslash";
            }
            for (int c = 0; c < segment.length(); c++) {
                if (Character.isISOControl(segment.charAt(c))) {
                    return "segment '" + raw + "' must not contain control characters";
                }
            }
        }
        return null;
    }

    /** The problem with a query string, naming the first malformed parameter, or null if it decodes. */
    static BadRequestException queryRefusal(String query) {
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = PercentEncoding.decode(rawName, true);
            if (name == null) {
                return new BadRequestException(rawName, "the parameter name is not valid percent-encoding of UTF-8");
            }
            if (eq >= 0 && PercentEncoding.decode(pair.substring(eq + 1), true) == null) {
                return new BadRequestException(name, "is not valid percent-encoding of UTF-8, was '"
                        + pair.substring(eq + 1) + "'");
            }
        }
        return null;
    }
}
