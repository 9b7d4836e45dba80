package dev.tributary.core;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.data.BytesCloudEventData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The CloudEvents JSON format (spec 1.0.2): one structured event ({@code application/cloudevents+json}) or a batch
 * ({@code application/cloudevents-batch+json}).
 *
 * <p>Reading streams over the bytes with Jackson and never turns the payload into a String: a {@code data} member that
 * is JSON is kept as the exact bytes received (whitespace, key order and number spelling included); a JSON string
 * under a non-JSON {@code datacontenttype} becomes the string's UTF-8; {@code data_base64} is decoded. Every attribute
 * passes through {@link EventRules}. Any problem is an {@link InvalidEventException} naming the field
 * ({@code source}, {@code [3].source}, {@code data_base64}, or {@code body} for the whole body).
 *
 * <p>Writing puts data back as a JSON value when the content type is absent or JSON and the bytes are one JSON value,
 * as a JSON string for UTF-8 text types, else as {@code data_base64}; so any bytes survive a write and a read.
 *
 * <p>Stateless and thread-safe.
 */
public final class CloudEventJson {
    private static final JsonFactory JSON = JsonFactory.builder()
            // Size limits are enforced by the server (max-event-bytes, max-batch-bytes) before parsing.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .build())
            .build();
    private static final Base64Variant BASE64 =
            Base64Variants.MIME_NO_LINEFEEDS.withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final UnaryOperator<String> PLAIN_NAMES = UnaryOperator.identity();

    private CloudEventJson() {}

    /** Reads one structured-mode event: a JSON object. */
    public static CloudEvent parseEvent(byte[] json) {
        return parseEvent(json, DataReader.SKIP);
    }

    /** Reads one structured-mode event, passing its data (if an object or array) to {@code reader} on the way. */
    public static CloudEvent parseEvent(byte[] json, DataReader reader) {
        checkUtf8(json);
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException("body", "must be a JSON object (one structured CloudEvent)");
            }
            CloudEvent event = readEvent(p, json, PLAIN_NAMES, 0, reader);
            if (p.nextToken() != null) {
                throw new InvalidEventException("body", "unexpected content after the event at " + where(p));
            }
            return event;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a batch: a JSON array of 1..{@code maxEvents} structured events. One bad event rejects the batch, naming
     * the event by its index ({@code [3].source}).
     */
    public static List<CloudEvent> parseBatch(byte[] json, int maxEvents) {
        return parseBatch(json, maxEvents, DataReader.SKIP);
    }

    /** Reads a batch as {@link #parseBatch(byte[], int)}, passing each event's data to {@code reader} on the way. */
    public static List<CloudEvent> parseBatch(byte[] json, int maxEvents, DataReader reader) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents < 1");
        }
        checkUtf8(json);
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidEventException("body", "must be a JSON array of CloudEvents");
            }
            List<CloudEvent> events = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                int index = events.size();
                if (index == maxEvents) {
                    throw new InvalidEventException(
                            "body", "batch has more than " + maxEvents + " events (the limit is " + maxEvents + ")");
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new InvalidEventException("[" + index + "]", "must be a JSON object");
                }
                events.add(readEvent(p, json, name -> "[" + index + "]." + name, index, reader));
            }
            if (events.isEmpty()) {
                throw new InvalidEventException("body", "batch is empty");
            }
            if (p.nextToken() != null) {
                throw new InvalidEventException("body", "unexpected content after the batch at " + where(p));
            }
            return events;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code event} as structured JSON (UTF-8). */
    public static byte[] toJson(CloudEvent event) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
                JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            write(event, g);
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code event} as one structured JSON object at the generator's position (a value, an array element or
     * after a field name). I/O failures of the generator are rethrown as {@link UncheckedIOException}.
     */
    public static void write(CloudEvent event, JsonGenerator g) {
        try {
            g.writeStartObject();
            g.writeStringField("specversion", event.getSpecVersion().toString());
            g.writeStringField("id", event.getId());
            g.writeStringField("source", event.getSource().toString());
            g.writeStringField("type", event.getType());
            if (event.getDataContentType() != null) {
                g.writeStringField("datacontenttype", event.getDataContentType());
            }
            if (event.getDataSchema() != null) {
                g.writeStringField("dataschema", event.getDataSchema().toString());
            }
            if (event.getSubject() != null) {
                g.writeStringField("subject", event.getSubject());
            }
            if (event.getTime() != null) {
                g.writeStringField("time", TIME.format(event.getTime()));
            }
            for (String name : event.getExtensionNames()) {
                writeExtension(g, name, event.getExtension(name));
            }
            writeData(g, event.getDataContentType(), event.getData());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CloudEvent readEvent(JsonParser p, byte[] json, UnaryOperator<String> names, int index,
            DataReader reader) throws IOException {
        EventDraft draft = new EventDraft(names);
        DataMember data = null;
        byte[] base64 = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "data" -> {
                    if (data != null || base64 != null) {
                        throw draft.error("data", data != null ? "appears more than once" : "must not appear together with data_base64");
                    }
                    data = readData(p, t, json, draft, index, reader);
                }
                case "data_base64" -> {
                    if (data != null || base64 != null) {
                        throw draft.error("data_base64", base64 != null ? "appears more than once" : "must not appear together with data");
                    }
                    base64 = readBase64(p, t, draft);
                }
                default -> {
                    if (EventRules.isContextAttribute(name)) {
                        if (t == JsonToken.VALUE_STRING) {
                            draft.attribute(name, p.getText());
                        } else if (t != JsonToken.VALUE_NULL) {
                            throw draft.error(name, "must be a string");
                        }
                    } else {
                        draft.extensionName(name);
                        Object value = extensionValue(p, t, draft, name);
                        if (value != null) {
                            draft.extension(name, value);
                        }
                    }
                }
            }
        }
        CloudEventData payload = null;
        if (base64 != null) {
            payload = BytesCloudEventData.wrap(base64);
        } else if (data != null && data.start >= 0) {
            payload = BytesCloudEventData.wrap(data.bytes(json, DataKind.isJson(draft.dataContentType())));
        }
        return draft.build(payload);
    }

    private static Object extensionValue(JsonParser p, JsonToken t, EventDraft draft, String name) throws IOException {
        return switch (t) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() != JsonParser.NumberType.INT) {
                    throw draft.error(name, "integer " + p.getText() + " does not fit in 32 bits");
                }
                yield p.getIntValue();
            }
            default -> throw draft.error(name, "must be a string, a 32-bit integer or a boolean");
        };
    }

    /** Where a {@code data} member sits in the input; {@code start < 0} for {@code null} (absent). */
    private record DataMember(int start, int end, boolean isString, String unescaped) {
        /** The data bytes: the raw JSON value, or for a string under a non-JSON type the string's UTF-8. */
        byte[] bytes(byte[] json, boolean jsonContent) {
            if (jsonContent || !isString) {
                return Arrays.copyOfRange(json, start, end);
            }
            if (unescaped != null) {
                return unescaped.getBytes(StandardCharsets.UTF_8);
            }
            return Arrays.copyOfRange(json, start + 1, end - 1); // no escapes: the bytes between the quotes
        }
    }

    private static DataMember readData(JsonParser p, JsonToken t, byte[] json, EventDraft draft, int index,
            DataReader reader) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return new DataMember(-1, -1, false, null);
        }
        int start = offset(p.currentTokenLocation().getByteOffset());
        if (t == JsonToken.VALUE_STRING) {
            // Jackson defers decoding the string; find its end ourselves and decode only if it has escapes.
            int i = start + 1;
            boolean escaped = false;
            while (i < json.length && json[i] != '"') {
                if (json[i] == '\\') {
                    escaped = true;
                    i += 2;
                } else {
                    i++;
                }
            }
            if (i >= json.length) {
                p.getText(); // unterminated: let the parser report where
                throw new InvalidEventException("body", "malformed JSON: unterminated string");
            }
            return new DataMember(start, i + 1, true, escaped ? p.getText() : null);
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            JsonStreamContext event = p.getParsingContext().getParent();
            reader.read(index, draft.type(), draft.dataSchema(), p);
            if (p.getParsingContext() != event || !p.currentToken().isStructEnd()) {
                throw new IllegalStateException("the data reader " + reader + " did not stop at the data's end");
            }
        }
        // Scalars and containers: the parser stands right after the value's last byte.
        int end = offset(p.currentLocation().getByteOffset());
        return new DataMember(start, end, false, null);
    }

    private static byte[] readBase64(JsonParser p, JsonToken t, EventDraft draft) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw draft.error("data_base64", "must be a base64 string");
        }
        try {
            return p.getBinaryValue(BASE64);
        } catch (JsonProcessingException e) {
            throw draft.error("data_base64", "is not valid base64: " + e.getOriginalMessage());
        }
    }

    private static int offset(long byteOffset) {
        if (byteOffset < 0 || byteOffset > Integer.MAX_VALUE) {
            throw new IllegalStateException("parser reported no byte offset");
        }
        return (int) byteOffset;
    }

    private static void checkUtf8(byte[] json) {
        int bad = Utf8.firstInvalid(json, 0, json.length);
        if (bad >= 0) {
            throw new InvalidEventException("body", "invalid UTF-8 at byte " + bad);
        }
    }

    private static InvalidEventException malformed(JsonProcessingException e) {
        String at = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return new InvalidEventException("body", "malformed JSON" + at + ": " + e.getOriginalMessage());
    }

    private static String where(JsonParser p) {
        return "line " + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr();
    }

    private static void writeExtension(JsonGenerator g, String name, Object value) throws IOException {
        switch (value) {
            case null -> {}
            case String s -> g.writeStringField(name, s);
            case Boolean b -> g.writeBooleanField(name, b);
            case Integer i -> g.writeNumberField(name, i);
            case Short s -> g.writeNumberField(name, s);
            case Byte b -> g.writeNumberField(name, b);
            case Long l when l == l.intValue() -> g.writeNumberField(name, l.intValue());
            case OffsetDateTime time -> g.writeStringField(name, TIME.format(time));
            case URI uri -> g.writeStringField(name, uri.toString());
            case byte[] bytes -> g.writeStringField(name, Base64.getEncoder().encodeToString(bytes));
            default -> g.writeStringField(name, value.toString());
        }
    }

    private static void writeData(JsonGenerator g, String contentType, CloudEventData data) throws IOException {
        if (data == null) {
            return;
        }
        byte[] bytes = data.toBytes();
        if (DataKind.isJson(contentType)) {
            if (isOneJsonValue(bytes)) {
                g.writeFieldName("data");
                g.writeRawValue(new RawUtf8(bytes));
                return;
            }
        } else if (DataKind.isText(contentType) && Utf8.isValid(bytes)) {
            g.writeFieldName("data");
            try {
                g.writeUTF8String(bytes, 0, bytes.length);
            } catch (UnsupportedOperationException e) { // character-based generators
                g.writeString(new String(bytes, StandardCharsets.UTF_8));
            }
            return;
        }
        g.writeFieldName("data_base64");
        g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, bytes, 0, bytes.length);
    }

    /** True if {@code bytes} are exactly one JSON value, UTF-8, with no surrounding whitespace. */
    static boolean isOneJsonValue(byte[] bytes) {
        if (bytes.length == 0 || isJsonWhitespace(bytes[0]) || isJsonWhitespace(bytes[bytes.length - 1])) {
            return false;
        }
        byte first = bytes[0];
        if (!(first == '{' || first == '[' || first == '"' || first == '-' || (first >= '0' && first <= '9')
                || first == 't' || first == 'f' || first == 'n')) {
            return false;
        }
        if (!Utf8.isValid(bytes)) {
            return false;
        }
        for (byte b : bytes) {
            // JSON text never holds a raw control character (in strings they are escaped), and Jackson takes a NUL
            // after a root-level number for the end of the input
            if (b >= 0 && b < 0x20 && !isJsonWhitespace(b)) {
                return false;
            }
        }
        try (JsonParser p = JSON.createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (t == JsonToken.VALUE_STRING) {
                p.finishToken();
            }
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** UTF-8 bytes written verbatim by {@link JsonGenerator#writeRawValue(SerializableString)}. */
    private record RawUtf8(byte[] bytes) implements SerializableString {
        @Override
        public String getValue() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return bytes;
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + bytes.length > buffer.length) {
                return -1;
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String s = getValue();
            if (offset + s.length() > buffer.length) {
                return -1;
            }
            s.getChars(0, s.length(), buffer, offset);
            return s.length();
        }

        @Override
        public int writeQuotedUTF8(java.io.OutputStream out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int writeUnquotedUTF8(java.io.OutputStream out) throws IOException {
            out.write(bytes);
            return bytes.length;
        }

        @Override
        public int putQuotedUTF8(java.nio.ByteBuffer buffer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int putUnquotedUTF8(java.nio.ByteBuffer buffer) {
            if (bytes.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(bytes);
            return bytes.length;
        }
    }
}
