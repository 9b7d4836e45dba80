package dev.tributary.core;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.data.BytesCloudEventData;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The binary content mode of the CloudEvents HTTP binding (spec 1.0.2): attributes in {@code ce-*} headers
 * (percent-encoded UTF-8), {@code datacontenttype} in {@code Content-Type}, the body as the data, byte for byte.
 *
 * <p>Header names are matched case-insensitively and attribute names lower-cased. Header values are read as HTTP
 * defines them, one byte per character (ISO-8859-1), then percent-decoded and decoded as strict UTF-8; so raw UTF-8
 * sent without percent-encoding is accepted too. Extension values arrive as strings (the binding carries no types).
 * Problems are {@link InvalidEventException}s naming the header: {@code ce-subject}, {@code content-type}.
 *
 * <p>Stateless and thread-safe.
 */
public final class BinaryMode {
    private static final String PREFIX = "ce-";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private BinaryMode() {}

    /**
     * Decodes an event from headers given as a case-insensitive lookup plus the list of names (as Vert.x
     * {@code MultiMap::get} and {@code names()} provide). Only the first value of a repeated header is used.
     *
     * @param body the data; kept without copying, so the caller must not change it afterwards
     */
    public static CloudEvent decode(Function<String, String> header, Iterable<String> headerNames, byte[] body) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String name : headerNames) {
            if (isCeHeader(name) || name.equalsIgnoreCase("content-type")) {
                entries.add(new AbstractMap.SimpleImmutableEntry<>(name, header.apply(name)));
            }
        }
        return decode(entries, body);
    }

    /**
     * Decodes an event from header name/value pairs (any case; Vert.x {@code MultiMap} is such an iterable). A
     * {@code ce-*} header given twice is an error.
     *
     * @param body the data; kept without copying, so the caller must not change it afterwards
     */
    public static CloudEvent decode(Iterable<? extends Map.Entry<String, String>> headers, byte[] body) {
        EventDraft draft = new EventDraft(BinaryMode::headerName);
        String contentType = null;
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            String value = header.getValue();
            if (value == null) {
                continue;
            }
            if (isCeHeader(name)) {
                String attribute = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
                if (attribute.equals("datacontenttype")) {
                    throw new InvalidEventException(
                            "ce-datacontenttype", "send the data's media type in the Content-Type header");
                }
                String decoded = percentDecode(value, PREFIX + attribute);
                if (EventRules.isContextAttribute(attribute)) {
                    draft.attribute(attribute, decoded);
                } else {
                    draft.extension(attribute, decoded);
                }
            } else if (name.equalsIgnoreCase("content-type")) {
                if (contentType != null) {
                    throw new InvalidEventException("content-type", "appears more than once");
                }
                contentType = value.strip();
                draft.attribute("datacontenttype", contentType);
            }
        }
        boolean noData = contentType == null && (body == null || body.length == 0);
        return draft.build(noData ? null : BytesCloudEventData.wrap(body == null ? new byte[0] : body));
    }

    /**
     * The headers that carry {@code event} in binary mode: {@code ce-*} for every attribute and extension
     * (percent-encoded where the binding asks: space, {@code "}, {@code %}, controls and non-ASCII) and
     * {@code Content-Type} for {@code datacontenttype}. The body is {@code event.getData().toBytes()}.
     *
     * <p>An event without {@code datacontenttype} whose data is one JSON value (what the JSON format stores for a
     * {@code data} member) is sent as {@code application/json}: the JSON format says such data is to be processed as
     * if {@code datacontenttype} were {@code application/json}, and a receiver's SDK reads a body without a
     * {@code Content-Type} as opaque bytes.
     */
    public static Map<String, String> encodeHeaders(CloudEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-specversion", event.getSpecVersion().toString());
        headers.put("ce-id", percentEncode(event.getId()));
        headers.put("ce-source", percentEncode(event.getSource().toString()));
        headers.put("ce-type", percentEncode(event.getType()));
        if (event.getSubject() != null) {
            headers.put("ce-subject", percentEncode(event.getSubject()));
        }
        if (event.getTime() != null) {
            headers.put("ce-time", TIME.format(event.getTime()));
        }
        if (event.getDataSchema() != null) {
            headers.put("ce-dataschema", percentEncode(event.getDataSchema().toString()));
        }
        for (String name : event.getExtensionNames()) {
            Object value = event.getExtension(name);
            if (value != null) {
                headers.put(PREFIX + name, percentEncode(extensionText(value)));
            }
        }
        if (event.getDataContentType() != null) {
            headers.put("Content-Type", event.getDataContentType());
        } else if (event.getData() != null && CloudEventJson.isOneJsonValue(event.getData().toBytes())) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }

    private static String extensionText(Object value) {
        return switch (value) {
            case OffsetDateTime time -> TIME.format(time);
            case URI uri -> uri.toString();
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            default -> value.toString();
        };
    }

    private static boolean isCeHeader(String name) {
        return name.length() >= PREFIX.length() && name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    private static String headerName(String attribute) {
        return attribute.equals("datacontenttype") ? "content-type" : PREFIX + attribute;
    }

    /** Percent-encodes a header value as the HTTP binding asks (UTF-8, upper-case hex). */
    static String percentEncode(String value) {
        if (!needsEncoding(value)) {
            return value;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length + 16);
        for (byte b : utf8) {
            int c = b & 0xFF;
            if (c > 0x20 && c < 0x7F && c != '"' && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean needsEncoding(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '"' || c == '%') {
                return true;
            }
        }
        return false;
    }

    /** Percent-decodes a header value and decodes it as strict UTF-8, naming {@code header} on failure. */
    static String percentDecode(String value, String header) {
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c != '%' && c < 0x80;
        }
        if (plain) {
            return value;
        }
        byte[] bytes = new byte[value.length()];
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int hi = i + 2 < value.length() ? hex(value.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hex(value.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw new InvalidEventException(header, "bad percent-encoding at character " + i);
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c <= 0xFF) {
                bytes[n++] = (byte) c;
            } else {
                throw new InvalidEventException(header, "character U+" + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                        + " cannot appear in an HTTP header; percent-encode its UTF-8 bytes");
            }
        }
        int bad = Utf8.firstInvalid(bytes, 0, n);
        if (bad >= 0) {
            throw new InvalidEventException(header, "invalid UTF-8 after percent-decoding at byte " + bad);
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
