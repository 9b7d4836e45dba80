package dev.tributary.client;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.CloudEventJson;
import io.cloudevents.CloudEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Request bodies of events in the CloudEvents JSON format, written by core's {@link CloudEventJson}, the codec the
 * node reads them with: data bytes go out as a JSON value, a string or {@code data_base64}, whichever keeps them
 * exactly. Stateless.
 */
final class EventBodies {
    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";

    private EventBodies() {}

    /** One event in structured mode. */
    static byte[] structured(CloudEvent event) {
        return CloudEventJson.toJson(event);
    }

    /** A JSON array of events, in order. */
    static byte[] batch(List<CloudEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("events is empty: a batch holds at least one event");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * events.size());
        try (JsonGenerator out = Answers.JSON.getFactory().createGenerator(bytes)) {
            out.writeStartArray();
            for (CloudEvent event : events) {
                CloudEventJson.write(event, out);
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
