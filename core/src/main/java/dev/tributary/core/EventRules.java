package dev.tributary.core;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The CloudEvents 1.0.2 rules Tributary enforces, shared by every decoder (structured JSON, batches, the HTTP binary
 * binding) and usable on events built with the SDK ({@link #check(CloudEvent)}).
 *
 * <p>Each value rule takes the raw string and returns the typed value, or throws an {@link IllegalArgumentException}
 * whose message is only the reason (e.g. {@code must not be empty}); decoders add the field name as the client wrote
 * it and rethrow an {@link InvalidEventException}. Stateless and thread-safe; no regular expressions.
 */
public final class EventRules {
    /** The only specification version accepted. */
    public static final String SPEC_VERSION = "1.0";
    /** Extension that, when present, chooses the partition. */
    public static final String PARTITION_KEY = "partitionkey";

    private static final String BLANK = "must not be empty or only whitespace";
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
    }

    private EventRules() {}

    /** True for the context attributes of spec 1.0.2 (required and optional), which are never extensions. */
    public static boolean isContextAttribute(String name) {
        return switch (name) {
            case "specversion", "id", "source", "type", "datacontenttype", "dataschema", "subject", "time" -> true;
            default -> false;
        };
    }

    /** True if {@code name} is a legal attribute name: one or more of {@code a-z 0-9}. */
    public static boolean isAttributeName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** Checks {@code specversion}. */
    public static String specVersion(String value) {
        if (!SPEC_VERSION.equals(value)) {
            throw new IllegalArgumentException("only " + SPEC_VERSION + " is supported, was " + quote(value));
        }
        return SPEC_VERSION;
    }

    /**
     * Checks an attribute that must be a non-empty string when present ({@code id}, {@code type}, {@code subject}).
     * Whitespace alone is refused too: binary mode cannot carry it (HTTP trims header values), so accepting it in
     * structured mode would make the content modes disagree, and no producer means an id of {@code " "}.
     */
    public static String nonBlank(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(BLANK);
        }
        return value;
    }

    /** Checks {@code source}: a non-empty URI-reference. */
    public static URI source(String value) {
        return uri(nonBlank(value), "must be a URI-reference");
    }

    /** Checks {@code dataschema}: an absolute URI. */
    public static URI dataSchema(String value) {
        URI uri = uri(nonBlank(value), "must be an absolute URI");
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("must be an absolute URI, was " + quote(value));
        }
        return uri;
    }

    /**
     * Checks {@code time}: an RFC 3339 {@code date-time} ({@code 2026-11-23T01:00:00.5Z}, {@code t}/{@code z} in any
     * case, offsets {@code ±HH:MM} up to ±18:00). Fractions beyond nanoseconds are truncated; leap seconds are
     * rejected because {@link OffsetDateTime} cannot hold them.
     */
    public static OffsetDateTime time(String value) {
        OffsetDateTime parsed = parseTime(value);
        if (parsed == null) {
            throw new IllegalArgumentException("must be an RFC 3339 timestamp such as 2026-11-23T01:00:00Z, was "
                    + quote(value));
        }
        return parsed;
    }

    /** Checks {@code datacontenttype}: an RFC 2046 media type {@code type/subtype[; name=value]...}. */
    public static String mediaType(String value) {
        if (!isMediaType(value)) {
            throw new IllegalArgumentException("must be a media type such as application/json, was " + quote(value));
        }
        return value;
    }

    /** Checks the name of an extension: legal, and neither {@code data} nor a context attribute. */
    public static String extensionName(String name) {
        if (!isAttributeName(name)) {
            throw new IllegalArgumentException("attribute names must be one or more of a-z 0-9");
        }
        if (name.equals("data") || isContextAttribute(name)) {
            throw new IllegalArgumentException("is reserved and cannot be an extension");
        }
        return name;
    }

    /**
     * Checks the value of extension {@code name}: a String, an Integer or a Boolean; {@code partitionkey} must be a
     * non-empty string.
     */
    public static Object extensionValue(String name, Object value) {
        if (PARTITION_KEY.equals(name)) {
            if (!(value instanceof String s)) {
                throw new IllegalArgumentException("must be a string");
            }
            return nonBlank(s);
        }
        if (value instanceof String || value instanceof Integer || value instanceof Boolean) {
            return value;
        }
        throw new IllegalArgumentException("must be a string, a 32-bit integer or a boolean");
    }

    /**
     * Checks an event built elsewhere (the Java API, an SDK reader). Throws an {@link InvalidEventException} naming
     * the attribute by its plain name.
     */
    public static CloudEvent check(CloudEvent event) {
        if (event.getSpecVersion() != SpecVersion.V1) {
            throw new InvalidEventException("specversion", "only 1.0 is supported, was " + event.getSpecVersion());
        }
        checkString("id", event.getId(), true);
        checkString("type", event.getType(), true);
        checkString("subject", event.getSubject(), false);
        if (event.getSource() == null) {
            throw new InvalidEventException("source", "is required");
        }
        if (event.getSource().toString().isBlank()) {
            throw new InvalidEventException("source", BLANK);
        }
        if (event.getDataContentType() != null && !isMediaType(event.getDataContentType())) {
            throw new InvalidEventException("datacontenttype", "must be a media type, was " + quote(event.getDataContentType()));
        }
        if (event.getDataSchema() != null && !event.getDataSchema().isAbsolute()) {
            throw new InvalidEventException("dataschema", "must be an absolute URI");
        }
        for (String name : event.getExtensionNames()) {
            try {
                extensionValue(extensionName(name), event.getExtension(name));
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException(name, e.getMessage());
            }
        }
        return event;
    }

    private static void checkString(String name, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidEventException(name, "is required");
            }
        } else if (value.isBlank()) {
            throw new InvalidEventException(name, BLANK);
        }
    }

    /** True if {@code value} has the shape {@code type/subtype *(OWS ";" OWS token "=" (token / quoted-string))}. */
    public static boolean isMediaType(String value) {
        int n = value.length();
        int i = token(value, 0);
        if (i == 0 || i >= n || value.charAt(i) != '/') {
            return false;
        }
        int j = token(value, i + 1);
        if (j == i + 1) {
            return false;
        }
        i = j;
        while (true) {
            i = ows(value, i);
            if (i == n) {
                return true;
            }
            if (value.charAt(i) != ';') {
                return false;
            }
            i = ows(value, i + 1);
            j = token(value, i);
            if (j == i || j >= n || value.charAt(j) != '=') {
                return false;
            }
            i = j + 1;
            if (i < n && value.charAt(i) == '"') {
                i = quotedString(value, i);
                if (i < 0) {
                    return false;
                }
            } else {
                j = token(value, i);
                if (j == i) {
                    return false;
                }
                i = j;
            }
        }
    }

    private static int token(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= 128 || !TCHAR[c]) {
                break;
            }
            i++;
        }
        return i;
    }

    private static int ows(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Returns the index after the closing quote, or -1. */
    private static int quotedString(String s, int open) {
        int i = open + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= s.length() || s.charAt(i + 1) >= 127 || (s.charAt(i + 1) < ' ' && s.charAt(i + 1) != '\t')) {
                    return -1;
                }
                i += 2;
            } else if (c == '\t' || (c >= ' ' && c < 127)) {
                i++;
            } else {
                return -1;
            }
        }
        return -1;
    }

    /** Parses an RFC 3339 date-time, or returns null. */
    static OffsetDateTime parseTime(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        ZoneOffset offset;
        char c = s.charAt(i);
        try {
            if ((c == 'Z' || c == 'z') && i == n - 1) {
                offset = ZoneOffset.UTC;
            } else if ((c == '+' || c == '-') && i == n - 6 && s.charAt(i + 3) == ':') {
                int oh = digits(s, i + 1, 2);
                int om = digits(s, i + 4, 2);
                if ((oh | om) < 0 || om > 59) {
                    return null;
                }
                int sign = c == '-' ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
            } else {
                return null;
            }
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static URI uri(String value, String what) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    what + ", was " + quote(value) + " (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return '"' + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + '"';
    }
}
