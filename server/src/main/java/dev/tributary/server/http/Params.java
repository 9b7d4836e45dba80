package dev.tributary.server.http;

import dev.tributary.core.eventstore.ExpectedVersion;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** Reads and checks query and path parameters; every failure names the parameter. */
final class Params {
    private Params() {}

    static long longParam(RoutingContext ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParams().get(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        return parseLong(name, text, min, max);
    }

    static long parseLong(String name, String text, long min, long max) {
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadRequestException(name, "must be an integer within " + min + ".." + max + ", was '" + text + "'");
    }

    /** The {@code expectedVersion} parameter: any (default), no_stream, exists or a version. */
    static ExpectedVersion expectedVersion(RoutingContext ctx) {
        try {
            String text = ctx.queryParams().get("expectedVersion");
            return text == null || text.isEmpty() ? ExpectedVersion.any() : ExpectedVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("expectedVersion", e.getMessage());
        }
    }

    static Instant timeParam(RoutingContext ctx, String name) {
        String text = ctx.queryParams().get(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        return Times.parse(name, text);
    }

    static String oneOf(RoutingContext ctx, String name, String fallback, String... allowed) {
        String text = ctx.queryParams().get(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equals(text)) {
                return text;
            }
        }
        throw new BadRequestException(name, "must be one of " + String.join(", ", allowed) + ", was '" + text + "'");
    }

    /** The partition path parameter, which must exist in a bus of {@code partitions} partitions. */
    static int partition(RoutingContext ctx, int partitions) {
        String text = ctx.pathParam("partition");
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p < partitions) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new HttpStatusException(404, "partition-not-found", "Partition not found",
                "partition: must be within 0.." + (partitions - 1) + ", was '" + text + "'");
    }

    static boolean wantsNdjson(RoutingContext ctx) {
        String accept = ctx.request().getHeader("accept");
        return accept != null && accept.contains("application/x-ndjson");
    }
}
