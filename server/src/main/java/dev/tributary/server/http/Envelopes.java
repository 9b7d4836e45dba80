package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.tributary.core.CloudEventJson;
import dev.tributary.log.StoredEvent;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes stored events as JSON envelopes: {@code {"partition":0,"offset":7,"time":"…","stream":"s","version":0,
 * "event":{structured CloudEvent}}}. Thread-safe.
 */
final class Envelopes {
    private static final JsonFactory JSON = new JsonFactory();
    private static final SerializedString LINE = new SerializedString("\n");

    private Envelopes() {}

    static void write(StoredEvent stored, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeNumberField("partition", stored.partition());
        out.writeNumberField("offset", stored.offset());
        writePosition(stored.globalPosition(), out);
        out.writeStringField("time", stored.time().toString());
        if (stored.stream() != null) {
            out.writeStringField("stream", stored.stream());
            out.writeNumberField("version", stored.version());
        }
        out.writeFieldName("event");
        CloudEventJson.write(stored.event(), out);
        out.writeEndObject();
    }

    /** The {@code position} field: an event's place in its bus's global order, where it is known. */
    static void writePosition(long globalPosition, JsonGenerator out) throws IOException {
        if (globalPosition >= 0) {
            out.writeNumberField("position", globalPosition);
        }
    }

    /** One envelope, as bytes. */
    static Buffer one(StoredEvent stored) {
        return json(out -> {
            try {
                write(stored, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** One envelope per line, written by one generator (a generator and a buffer per event cost a read a third). */
    static Buffer ndjson(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return Buffer.buffer();
        }
        return json(out -> {
            try {
                out.setRootValueSeparator(LINE); // between envelopes; the last line's end is written below
                for (StoredEvent e : events) {
                    write(e, out);
                }
                out.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** {@code {"events":[…], <extra fields>}}. */
    static Buffer page(List<StoredEvent> events, Consumer<JsonGenerator> extra) {
        return json(out -> {
            try {
                out.writeStartObject();
                out.writeArrayFieldStart("events");
                for (StoredEvent e : events) {
                    write(e, out);
                }
                out.writeEndArray();
                extra.accept(out);
                out.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Buffer json(Consumer<JsonGenerator> writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            writer.accept(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    /** Writes JSON; it may throw the generator's {@link IOException}. */
    @FunctionalInterface
    interface JsonWriter<T> {
        void write(JsonGenerator out, T value) throws IOException;
    }

    /** {@code {"<field>":[item, …]}}, each item written by {@code item}. */
    static <T> Buffer list(String field, Iterable<T> items, JsonWriter<T> item) {
        return json(out -> {
            try {
                out.writeStartObject();
                out.writeArrayFieldStart(field);
                for (T t : items) {
                    item.write(out, t);
                }
                out.writeEndArray();
                out.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** One value written by {@code writer}. */
    static <T> Buffer value(T value, JsonWriter<T> writer) {
        return json(out -> {
            try {
                writer.write(out, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
