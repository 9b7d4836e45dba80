package dev.tributary.core.transform;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.UncheckedIOException;
import java.net.URI;

/** Builds transforms from JSON written with single quotes, and events with sensible defaults. */
final class TransformFixtures {
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES).build();

    /** An order whose data has a string, a number, an object, an array, a boolean and a null. */
    static final String ORDER = """
            {"total": 12.50, "currency": "EUR", "paid": true, "note": null,
             "customer": {"id": "c-42", "name": "Ann \\"Nan\\" Lee"},
             "items": [{"sku": "a-1", "qty": 2, "price": 3.25}, {"sku": "b-7", "qty": 1, "price": 6}]}""";

    private TransformFixtures() {}

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A transform from a {@code transform} member written with single quotes. */
    static Transform transform(String member) {
        return Transform.parse(json(member));
    }

    static CloudEventBuilder event() {
        return CloudEventBuilder.v1()
                .withId("e-1")
                .withSource(URI.create("/orders"))
                .withType("order.created");
    }

    static CloudEvent order() {
        return withJsonData(ORDER);
    }

    static CloudEvent withJsonData(String data) {
        return event().withData("application/json", data.getBytes(UTF_8)).build();
    }

    static String data(CloudEvent event) {
        return new String(event.getData().toBytes(), UTF_8);
    }
}
