package dev.tributary.core.transform;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.core.v1.CloudEventV1;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event a transform is building: a copy of the input's attributes and data that the stages change, then
 * {@link #build()}. {@code id}, {@code source} and {@code specversion} are never changed. Values arrive already checked
 * and typed by {@link AttributeAssignment}. One per {@link Transform#apply} call, on one thread.
 */
final class EventEdit {
    private final CloudEvent original;
    private String type;
    private String dataContentType;
    private URI dataSchema;
    private String subject;
    private OffsetDateTime time;
    private CloudEventData data;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    EventEdit(CloudEvent original) {
        this.original = original;
        type = original.getType();
        dataContentType = original.getDataContentType();
        dataSchema = original.getDataSchema();
        subject = original.getSubject();
        time = original.getTime();
        data = original.getData();
        for (String name : original.getExtensionNames()) {
            extensions.put(name, original.getExtension(name));
        }
    }

    /**
     * Replaces the data. The {@code dataschema} described the old data, so it goes too (an attribute set after this
     * may set a new one).
     *
     * @param contentType the new {@code datacontenttype}, or {@code null} for none
     */
    void replaceData(byte[] bytes, String contentType) {
        data = BytesCloudEventData.wrap(bytes);
        dataContentType = contentType;
        dataSchema = null;
    }

    /** Sets attribute {@code name} to a value typed as {@link AttributeAssignment} types it, or removes it for null. */
    void set(String name, Object value) {
        switch (name) {
            case "type" -> type = (String) value;
            case "datacontenttype" -> dataContentType = (String) value;
            case "dataschema" -> dataSchema = (URI) value;
            case "subject" -> subject = (String) value;
            case "time" -> time = (OffsetDateTime) value;
            case "id", "source", "specversion" -> throw new IllegalStateException(name + " is never changed");
            default -> {
                if (value == null) {
                    extensions.remove(name);
                } else {
                    extensions.put(name, value);
                }
            }
        }
    }

    CloudEvent build() {
        return new CloudEventV1(
                original.getId(), original.getSource(), type, dataContentType, dataSchema, subject, time, data,
                extensions);
    }
}
