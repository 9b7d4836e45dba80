package dev.tributary.core.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tributary.core.DataKind;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import java.io.IOException;

/**
 * The JSON data of the event under evaluation, parsed on first use so that however many {@code data.<field>} keys a
 * filter has, the data is parsed at most once per event, and found in {@link RecentData} when another filter parsed
 * the same event's data just before. Lives for one {@link Filter#matches} call, on one thread.
 */
final class EventData {
    private static final ObjectReader JSON =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();

    private final CloudEvent event;
    private final EvaluationErrors errors;
    private boolean parsed;
    private JsonNode json;

    EventData(CloudEvent event, EvaluationErrors errors) {
        this.event = event;
        this.errors = errors;
    }

    /**
     * The data as a JSON tree, or {@code null} if there is none, it is not JSON, or it does not parse (which is
     * reported once, against {@code path}: the filter that first asked).
     */
    JsonNode json(String path) {
        if (!parsed) {
            parsed = true;
            json = parse(path);
        }
        return json;
    }

    private JsonNode parse(String path) {
        CloudEventData data = event.getData();
        if (data == null || !DataKind.isJson(event.getDataContentType())) {
            return null;
        }
        RecentData.Entry parsed = RecentData.get(data);
        if (parsed == null) {
            parsed = parse(data);
            RecentData.put(parsed);
        }
        if (parsed.error() != null) {
            errors.record(event, path, parsed.error()); // every filter that asks counts its own failed evaluation
        }
        return parsed.json();
    }

    private static RecentData.Entry parse(CloudEventData data) {
        try {
            JsonNode tree = JSON.readTree(data.toBytes());
            return new RecentData.Entry(data, tree == null || tree.isMissingNode() ? null : tree, null);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
            return new RecentData.Entry(data, null, "data is not valid JSON: " + why);
        }
    }
}
