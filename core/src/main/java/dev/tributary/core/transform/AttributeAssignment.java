package dev.tributary.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.EventRules;

/**
 * One member of a transform's {@code attributes}: an attribute set to a literal, to the value at an {@link EventPath}
 * of the incoming event, or removed ({@code null}).
 *
 * <p>Literals are checked here, once, with the rules of {@link EventRules}; values read through a path are checked
 * the same way on every event, and a value that breaks a rule fails that event with a {@link TransformException}.
 * Context attributes take strings; a path value that is a number or a boolean becomes its JSON text. Extensions
 * take a string, a 32-bit integer or a boolean as they are; other numbers become their JSON text, as does any value
 * for {@code partitionkey}. An object or an array fails the event. A path with no value removes the attribute, except
 * {@code type}, which every event needs. Immutable, so thread-safe.
 */
final class AttributeAssignment {
    private final String name;
    private final String field;
    /** The checked, typed value to set (null: remove), when {@link #path} is null. */
    private final Object literal;
    private final EventPath path;

    private AttributeAssignment(String name, String field, Object literal, EventPath path) {
        this.name = name;
        this.field = field;
        this.literal = literal;
        this.path = path;
    }

    /**
     * Compiles the member {@code name: value}.
     *
     * @param field where it sits, e.g. {@code transform.attributes.subject}
     */
    static AttributeAssignment parse(String name, JsonNode value, String field) {
        checkName(name, field);
        if (value.isTextual() && EventPath.looksLikePath(value.textValue())) {
            EventPath path = EventPath.parse(value.textValue(), field);
            if (path.isRoot()) {
                throw new InvalidTransformException(field, "path '$' is the whole event; name a value inside it, "
                        + "e.g. $.data.customer.id");
            }
            return new AttributeAssignment(name, field, null, path);
        }
        if (value.isNull()) {
            if (name.equals("type")) {
                throw new InvalidTransformException(field, "cannot be removed: every event has a type");
            }
            return new AttributeAssignment(name, field, null, null);
        }
        Object raw;
        if (value.isTextual()) {
            raw = value.textValue();
        } else if (isContext(name)) {
            throw new InvalidTransformException(field, "must be a string, a $. path or null");
        } else if (value.isBoolean()) {
            raw = value.booleanValue();
        } else if (value.isInt()) {
            raw = value.intValue();
        } else {
            throw new InvalidTransformException(
                    field, "must be a string, a 32-bit integer, a boolean, a $. path or null");
        }
        try {
            return new AttributeAssignment(name, field, typed(name, raw), null);
        } catch (IllegalArgumentException e) {
            throw new InvalidTransformException(field, e.getMessage());
        }
    }

    private static void checkName(String name, String field) {
        switch (name) {
            case "id", "source", "specversion" ->
                throw new InvalidTransformException(field, "cannot be set: id, source and specversion identify the "
                        + "event, and deduplication and at-least-once delivery depend on them");
            case "data", "data_base64" ->
                throw new InvalidTransformException(
                        field, "is not an attribute; a template or jsonata replaces the data");
            default -> {
                if (!EventRules.isAttributeName(name)) {
                    throw new InvalidTransformException(field, "attribute names must be one or more of a-z 0-9");
                }
            }
        }
    }

    String name() {
        return name;
    }

    /** True if the value is fixed (a literal or null), false if it is read from the event. */
    boolean isLiteral() {
        return path == null;
    }

    /** The typed literal ({@code null}: remove); only meaningful when {@link #isLiteral()}. */
    Object literal() {
        return literal;
    }

    /** Sets (or removes) the attribute on {@code edit}, reading a path value from {@code event}. */
    void apply(EventDocument event, EventEdit edit) {
        if (path == null) {
            edit.set(name, literal);
            return;
        }
        JsonNode value = path.read(event.tree());
        if (value == null) {
            if (name.equals("type")) {
                throw new TransformException(field + ": " + path + " has no value, and every event needs a type");
            }
            edit.set(name, null);
            return;
        }
        if (value.isContainerNode()) {
            throw new TransformException(field + ": " + path + " is an " + (value.isObject() ? "object" : "array")
                    + ", not a string, number or boolean");
        }
        Object raw;
        if (value.isTextual()) {
            raw = value.textValue();
        } else if (isContext(name) || name.equals(EventRules.PARTITION_KEY)) {
            raw = value.asText();
        } else if (value.isBoolean()) {
            raw = value.booleanValue();
        } else if (value.isInt()) {
            raw = value.intValue();
        } else {
            raw = value.asText();
        }
        try {
            edit.set(name, typed(name, raw));
        } catch (IllegalArgumentException e) {
            throw new TransformException(field + ": " + path + " " + e.getMessage());
        }
    }

    private static boolean isContext(String name) {
        return EventRules.isContextAttribute(name);
    }

    /** Checks {@code raw} for attribute {@code name} and returns it typed as {@link EventEdit#set} expects it. */
    private static Object typed(String name, Object raw) {
        return switch (name) {
            case "type", "subject" -> EventRules.nonBlank((String) raw);
            case "datacontenttype" -> EventRules.mediaType((String) raw);
            case "dataschema" -> EventRules.dataSchema((String) raw);
            case "time" -> EventRules.time((String) raw);
            default -> EventRules.extensionValue(EventRules.extensionName(name), raw);
        };
    }
}
