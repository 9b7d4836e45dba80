package dev.tributary.core;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.v1.CloudEventV1;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The attributes of one event while a decoder reads them. Every value passes through {@link EventRules}; a violation
 * becomes an {@link InvalidEventException} whose field is named by the decoder's {@code fieldNames} (so the same rule
 * reports {@code source}, {@code [3].source} or {@code ce-source}). One draft per event, one thread.
 */
final class EventDraft {
    private final UnaryOperator<String> fieldNames;
    private String specVersion;
    private String id;
    private URI source;
    private String type;
    private String dataContentType;
    private URI dataSchema;
    private String subject;
    private OffsetDateTime time;
    private Map<String, Object> extensions;

    EventDraft(UnaryOperator<String> fieldNames) {
        this.fieldNames = fieldNames;
    }

    InvalidEventException error(String attribute, String reason) {
        return new InvalidEventException(fieldNames.apply(attribute), reason);
    }

    /** Sets a context attribute ({@link EventRules#isContextAttribute}) from its string form. */
    void attribute(String name, String value) {
        try {
            switch (name) {
                case "specversion" -> specVersion = once(name, specVersion, EventRules.specVersion(value));
                case "id" -> id = once(name, id, EventRules.nonBlank(value));
                case "source" -> source = once(name, source, EventRules.source(value));
                case "type" -> type = once(name, type, EventRules.nonBlank(value));
                case "datacontenttype" -> dataContentType = once(name, dataContentType, EventRules.mediaType(value));
                case "dataschema" -> dataSchema = once(name, dataSchema, EventRules.dataSchema(value));
                case "subject" -> subject = once(name, subject, EventRules.nonBlank(value));
                case "time" -> time = once(name, time, EventRules.time(value));
                default -> throw new IllegalStateException("not a context attribute: " + name);
            }
        } catch (InvalidEventException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(name, e.getMessage());
        }
    }

    /** Checks an extension's name before its value is read, so a bad name is reported first. */
    void extensionName(String name) {
        try {
            EventRules.extensionName(name);
        } catch (IllegalArgumentException e) {
            throw error(name, e.getMessage());
        }
        if (extensions != null && extensions.containsKey(name)) {
            throw error(name, "appears more than once");
        }
    }

    void extension(String name, Object value) {
        extensionName(name);
        try {
            value = EventRules.extensionValue(name, value);
        } catch (IllegalArgumentException e) {
            throw error(name, e.getMessage());
        }
        if (extensions == null) {
            extensions = new LinkedHashMap<>();
        }
        extensions.put(name, value);
    }

    String dataContentType() {
        return dataContentType;
    }

    String type() {
        return type;
    }

    URI dataSchema() {
        return dataSchema;
    }

    CloudEvent build(CloudEventData data) {
        if (specVersion == null) {
            throw error("specversion", "is required");
        }
        if (id == null) {
            throw error("id", "is required");
        }
        if (source == null) {
            throw error("source", "is required");
        }
        if (type == null) {
            throw error("type", "is required");
        }
        return new CloudEventV1(
                id, source, type, dataContentType, dataSchema, subject, time, data,
                extensions == null ? Map.of() : extensions);
    }

    private <T> T once(String name, Object previous, T value) {
        if (previous != null) {
            throw error(name, "appears more than once");
        }
        return value;
    }
}
