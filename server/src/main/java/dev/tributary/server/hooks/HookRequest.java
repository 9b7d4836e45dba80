package dev.tributary.server.hooks;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One inbound webhook request as the sender made it: method, path, raw query, headers, the body's bytes exactly as
 * received (signatures are over those bytes; re-serialising JSON would break them) and when it was received.
 *
 * <p>Immutable except for the body array, which is kept without a copy (bodies can be large): the caller must not
 * change it afterwards. Thread-safe under that rule. {@link #toString()} shows no header value and no body.
 */
public final class HookRequest {
    private final String method;
    private final String path;
    private final String query;
    private final HookHeaders headers;
    private final byte[] body;
    private final Instant receivedAt;

    private HookRequest(
            String method, String path, String query, HookHeaders headers, byte[] body, Instant receivedAt) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.receivedAt = receivedAt;
    }

    /**
     * A request received now, by {@code clock}.
     *
     * @param method the HTTP method, any case (kept upper-case)
     * @param path the request path without the query, e.g. {@code /v1/hooks/github}
     * @param query the raw query string without {@code ?}, percent-encoded as sent; {@code null} or empty for none
     * @param body the body as received; kept without copying
     */
    public static HookRequest of(
            String method, String path, String query, HookHeaders headers, byte[] body, Clock clock) {
        return new HookRequest(
                Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT),
                Objects.requireNonNull(path, "path"),
                query == null ? "" : query,
                Objects.requireNonNull(headers, "headers"),
                Objects.requireNonNull(body, "body"),
                Objects.requireNonNull(clock, "clock").instant());
    }

    /** The method, upper-case: {@code POST}, {@code OPTIONS}. */
    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The raw query string without {@code ?}; empty for none. */
    public String query() {
        return query;
    }

    public HookHeaders headers() {
        return headers;
    }

    /** The body exactly as received; the same array every call, not to be changed. */
    public byte[] body() {
        return body;
    }

    /** When the node received the request: the reference for timestamp tolerances and the default event time. */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** The {@code Content-Type} header as sent, or {@code null}. */
    public String contentType() {
        return headers.first("content-type");
    }

    /** The media type of {@code Content-Type} without parameters, lower-case; empty when there is none. */
    String mediaType() {
        String contentType = contentType();
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return method + " " + path + " " + headers + " body " + body.length + " bytes at " + receivedAt;
    }
}
