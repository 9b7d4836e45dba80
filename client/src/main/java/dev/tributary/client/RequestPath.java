package dev.tributary.client;

import java.nio.charset.StandardCharsets;

/**
 * The path and query of one API request, each segment and value percent-encoded (RFC 3986 §2.1) so that a name is
 * always one segment as given: the node refuses an encoded slash or a dot-segment rather than reinterpret it.
 * Immutable.
 */
final class RequestPath {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String text;

    private RequestPath(String text) {
        this.text = text;
    }

    /** {@code /v1/} followed by {@code segments}, each encoded. */
    static RequestPath v1(String... segments) {
        StringBuilder path = new StringBuilder("/v1");
        for (String segment : segments) {
            if (segment == null || segment.isEmpty()) {
                throw new IllegalArgumentException("a name in the request path is empty");
            }
            path.append('/').append(encode(segment));
        }
        return new RequestPath(path.toString());
    }

    /** This path with one more segment, encoded; only before a query. */
    RequestPath child(String segment) {
        if (text.indexOf('?') >= 0) {
            throw new IllegalStateException("a segment after the query: " + text);
        }
        return new RequestPath(text + v1(segment).text.substring("/v1".length()));
    }

    /** This path with {@code name=value} added to its query. */
    RequestPath query(String name, Object value) {
        return new RequestPath(text + (text.indexOf('?') < 0 ? '?' : '&') + encode(name) + '=' + encode(value.toString()));
    }

    /** Keeps the unreserved characters and percent-encodes the UTF-8 of every other. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
