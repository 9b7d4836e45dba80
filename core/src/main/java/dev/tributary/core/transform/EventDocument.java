package dev.tributary.core.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tributary.core.CloudEventJson;
import io.cloudevents.CloudEvent;
import java.io.IOException;

/**
 * The event under transformation as structured JSON, exactly as {@link CloudEventJson#toJson(CloudEvent)} writes it:
 * every attribute as a member (extensions included, {@code time} in RFC 3339), and the data as {@code data} holding
 * the JSON value when the content type is JSON (absent, {@code application/json}, {@code +json}) and the bytes are
 * one JSON value, as {@code data} holding a string for UTF-8 text types, else as {@code data_base64}.
 *
 * <p>Built on first use, so a transform whose attributes are all literals never serializes the event. Numbers with a
 * fraction are read as exact decimals (a template copies {@code 12.50} as {@code 12.50}). Lives for one
 * {@link Transform#apply} call, on one thread.
 */
final class EventDocument {
    private static final ObjectReader JSON = JsonMapper.builder(JsonFactory.builder()
                    // The event was accepted within the node's size limits; nesting keeps Jackson's default bound.
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxDocumentLength(-1)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build()
            .reader();

    private final CloudEvent event;
    private final String path;
    private JsonNode tree;

    /** @param path the transform's path, for the reason when the event cannot be read */
    EventDocument(CloudEvent event, String path) {
        this.event = event;
        this.path = path;
    }

    CloudEvent event() {
        return event;
    }

    /** The event as a JSON object. Callers must not change it. */
    JsonNode tree() {
        if (tree == null) {
            try {
                tree = JSON.readTree(CloudEventJson.toJson(event));
            } catch (JsonProcessingException e) {
                throw new TransformException(path + ": the event cannot be read as JSON: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new TransformException(path + ": the event cannot be read as JSON: " + e, e);
            }
        }
        return tree;
    }
}
