package dev.tributary.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.EventRules;
import dev.tributary.core.InvalidEventException;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Objects;

/**
 * A compiled transform: a pipeline of the optional {@link DataStage} (which replaces the data) and the attribute
 * assignments, in the order written. Every stage reads the event as it arrived, so the result does not depend on the
 * order of members. Immutable, so thread-safe.
 */
final class CompiledTransform implements Transform {
    private final String path;
    private final JsonNode definition;
    private final DataStage data;
    private final String dataContentType;
    private final List<AttributeAssignment> attributes;

    /**
     * @param data makes the new data, or {@code null} to keep the event's
     * @param dataContentType the new data's content type ({@code null} for none); unused without {@code data}
     */
    CompiledTransform(
            String path,
            JsonNode definition,
            DataStage data,
            String dataContentType,
            List<AttributeAssignment> attributes) {
        this.path = path;
        this.definition = definition;
        this.data = data;
        this.dataContentType = dataContentType;
        this.attributes = List.copyOf(attributes);
    }

    @Override
    public CloudEvent apply(CloudEvent event) {
        Objects.requireNonNull(event, "event");
        EventDocument document = new EventDocument(event, path);
        EventEdit edit = new EventEdit(event);
        if (data != null) {
            edit.replaceData(data.produce(document), dataContentType);
        }
        for (AttributeAssignment attribute : attributes) {
            attribute.apply(document, edit);
        }
        CloudEvent result = edit.build();
        try {
            return EventRules.check(result);
        } catch (InvalidEventException e) {
            // Each value was checked as it was set; this guards the whole, e.g. extensions the input already had.
            throw new TransformException(path + ": the transformed event is invalid: " + e.getMessage(), e);
        }
    }

    @Override
    public JsonNode toJson() {
        return definition.deepCopy();
    }

    @Override
    public String toString() {
        return "Transform" + definition;
    }
}
