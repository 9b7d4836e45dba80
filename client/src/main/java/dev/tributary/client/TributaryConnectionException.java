package dev.tributary.client;

import java.net.URI;

/**
 * No answer came from the node: it could not be reached, the TLS handshake failed, it did not answer in time, or the
 * connection broke. The message names the node's URL and the cause; whether the request took effect is unknown
 * unless {@link #reason()} is {@link Reason#UNREACHABLE} or {@link Reason#TLS}, so resend only what is idempotent
 * (publishing is: the node drops a resent event with the same {@code source} and {@code id} within its dedup window).
 */
public final class TributaryConnectionException extends RuntimeException {
    /** Why no answer came. */
    public enum Reason {
        /** No connection: nothing listens there, the name does not resolve, or the connect timeout passed. */
        UNREACHABLE,
        /** The TLS handshake failed: most often a certificate the client does not trust (give a CA file). */
        TLS,
        /** Connected, but no answer within the request timeout. */
        TIMEOUT,
        /** The calling thread was interrupted while it waited; its interrupt flag is set again. */
        INTERRUPTED,
        /** The connection failed while the request was under way. */
        BROKEN
    }

    private final URI url;
    private final Reason reason;

    TributaryConnectionException(URI url, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.url = url;
        this.reason = reason;
    }

    /** The URL of the request that got no answer. */
    public URI url() {
        return url;
    }

    /** Why no answer came. */
    public Reason reason() {
        return reason;
    }
}
