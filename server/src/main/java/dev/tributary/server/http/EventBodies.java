package dev.tributary.server.http;

import dev.tributary.core.BinaryMode;
import dev.tributary.core.CloudEventJson;
import dev.tributary.core.DataReader;
import dev.tributary.core.InvalidEventException;
import io.cloudevents.CloudEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Locale;

/**
 * Decodes a request body into events by the CloudEvents HTTP content mode: binary ({@code ce-*} headers),
 * structured ({@code application/cloudevents+json}) or batch ({@code application/cloudevents-batch+json}), and
 * applies the node's size limits. Stateless and thread-safe. {@link #sizeOf} is public so that the gRPC API measures
 * events against {@code max-event-bytes} the same way.
 */
public final class EventBodies {
    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";

    private final int maxEventBytes;
    private final int maxBatchEvents;

    EventBodies(int maxEventBytes, int maxBatchEvents) {
        this.maxEventBytes = maxEventBytes;
        this.maxBatchEvents = maxBatchEvents;
    }

    /**
     * The events of a request; the data of structured events goes through {@code reader} as it is decoded.
     *
     * @throws InvalidEventException naming the field (and the index within a batch)
     * @throws HttpStatusException 415 for a body that is none of the three modes
     */
    List<CloudEvent> decode(MultiMap headers, Buffer body, DataReader reader) {
        String contentType = headers.get("content-type");
        String mediaType = contentType == null ? "" : mediaType(contentType);
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        List<CloudEvent> events;
        int sizeBase;
        if (mediaType.equals(BATCH)) {
            JsonBody.requireUtf8Text(bytes);
            events = CloudEventJson.parseBatch(bytes, maxBatchEvents, reader);
            sizeBase = -1;
        } else if (mediaType.equals(STRUCTURED)) {
            JsonBody.requireUtf8Text(bytes);
            events = List.of(CloudEventJson.parseEvent(bytes, reader));
            sizeBase = 0;
        } else if (headers.contains("ce-specversion")) {
            events = List.of(BinaryMode.decode(headers::get, headers.names(), bytes));
            sizeBase = 0;
        } else {
            throw new HttpStatusException(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "content-type",
                    "content-type: expected " + STRUCTURED + ", " + BATCH
                            + " or binary mode (ce-specversion header with any content type), was "
                            + (contentType == null ? "none" : "'" + contentType + "'"));
        }
        for (int i = 0; i < events.size(); i++) {
            long size = sizeOf(events.get(i));
            if (size > maxEventBytes) {
                String field = sizeBase < 0 ? "[" + i + "]" : "event";
                throw new InvalidEventException(
                        field, "is " + size + " bytes, more than the limit of " + maxEventBytes + " bytes");
            }
        }
        return events;
    }

    /** Whether the request is a batch, whose fields carry the event's index ({@code [3].source}). */
    static boolean isBatch(MultiMap headers) {
        String contentType = headers.get("content-type");
        return contentType != null && mediaType(contentType).equals(BATCH);
    }

    /** Data bytes plus the text of every attribute: what the limit on event size counts. */
    public static long sizeOf(CloudEvent event) {
        long size = event.getData() == null ? 0 : event.getData().toBytes().length;
        for (String name : event.getAttributeNames()) {
            Object value = event.getAttribute(name);
            size += name.length() + (value == null ? 0 : value.toString().length());
        }
        for (String name : event.getExtensionNames()) {
            Object value = event.getExtension(name);
            size += name.length() + (value instanceof byte[] b ? b.length : String.valueOf(value).length());
        }
        return size;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
