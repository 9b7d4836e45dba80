package dev.tributary.core.filter;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Builds filters from JSON written with single quotes, and events with sensible defaults. */
final class FilterFixtures {
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES).build();

    private FilterFixtures() {}

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A filter from a {@code filters} array, e.g. {@code [{'exact': {'type': 'a'}}]}. */
    static Filter filters(String array) {
        return Filter.parse(json(array));
    }

    /** A filter from one filter object, e.g. {@code {'exact': {'type': 'a'}}}. */
    static Filter filter(String object) {
        return filters("[" + object + "]");
    }

    static CloudEventBuilder event() {
        return CloudEventBuilder.v1()
                .withId("e-1")
                .withSource(URI.create("/orders"))
                .withType("order.created");
    }

    static CloudEvent withJsonData(String data) {
        return event().withData("application/json", data.getBytes(UTF_8)).build();
    }

    /** Collects what a filter reports, as {@code path: reason}. */
    static final class RecordedErrors implements EvaluationErrors {
        final List<String> recorded = new ArrayList<>();

        @Override
        public synchronized void record(CloudEvent event, String path, String reason) {
            recorded.add(path + ": " + reason);
        }
    }
}
