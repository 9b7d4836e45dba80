package dev.tributary.server.hooks;

import dev.tributary.core.BinaryMode;
import dev.tributary.core.CloudEventJson;
import dev.tributary.core.EventRules;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A CloudEvents delivery is already events: decoded by the node's own CloudEvents HTTP codec, exactly as
 * {@code POST /v1/buses/{bus}/events} decodes them ({@link CloudEventJson} for structured and batch mode,
 * {@link BinaryMode} for {@code ce-*} headers), so both routes accept and refuse the same requests. The hook's
 * {@link EventOptions} then replace type and source when fixed and add header extensions (a header extension
 * replaces one the event carries). Immutable, so thread-safe.
 */
final class CloudEventsMapping implements EventMapping {
    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";

    private final EventOptions options;
    private final int maxBatchEvents;

    CloudEventsMapping(EventOptions options, int maxBatchEvents) {
        this.options = options;
        this.maxBatchEvents = maxBatchEvents;
    }

    /**
     * @throws dev.tributary.core.InvalidEventException naming the attribute, as the publish route does
     * @throws UnsupportedBody for a body in none of the three modes
     */
    @Override
    public List<CloudEvent> events(HookRequest request, Payload payload) {
        String media = request.mediaType();
        List<CloudEvent> decoded;
        if (media.equals(BATCH)) {
            decoded = CloudEventJson.parseBatch(request.body(), maxBatchEvents);
        } else if (media.equals(STRUCTURED)) {
            decoded = List.of(CloudEventJson.parseEvent(request.body()));
        } else if (request.headers().has("ce-specversion")) {
            decoded = List.of(BinaryMode.decode(request.headers().entries(), request.body()));
        } else {
            throw new UnsupportedBody("Content-Type", "expected " + STRUCTURED + ", " + BATCH
                    + " or binary mode (a ce-specversion header with any content type)");
        }
        if (options.type().isEmpty() && options.source().isEmpty() && options.extensions().isEmpty()) {
            return decoded;
        }
        List<CloudEvent> events = new ArrayList<>(decoded.size());
        for (CloudEvent event : decoded) {
            CloudEventBuilder edited = CloudEventBuilder.v1(event);
            options.type().ifPresent(edited::withType);
            options.source().map(URI::create).ifPresent(edited::withSource);
            HeaderExtensions.copy(options.extensions(), request.headers(), edited);
            events.add(EventRules.check(edited.build()));
        }
        return events;
    }
}
