package dev.tributary.server.http;

import dev.tributary.broker.schema.Violation;
import java.util.List;

/** An event whose data its bus's schema refuses, under {@code enforce}: answered 400, nothing of the request written. */
final class SchemaViolationException extends RuntimeException {
    final String field;
    final int index;
    final String schema;
    final List<Violation> violations;

    SchemaViolationException(String prefix, int index, String type, String schema, List<Violation> violations) {
        super("event " + index + " (type " + type + ") does not match " + schema + ": " + violations.get(0));
        this.field = prefix + "data" + violations.get(0).pointer();
        this.index = index;
        this.schema = schema;
        this.violations = List.copyOf(violations);
    }
}
