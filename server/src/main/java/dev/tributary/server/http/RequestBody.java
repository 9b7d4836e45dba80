package dev.tributary.server.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * The body-reading stage, ahead of every route: reads a request's body into memory as opaque bytes, bounded by
 * max-batch-bytes, so that no route acts on a request whose body has not fully and validly arrived. A body beyond the
 * bound is answered 413, one whose framing breaks (a bad chunk size) 400; both close the connection, since the rest
 * of the stream cannot be trusted or is not worth reading. Thread-safe; each request's state lives in its handlers.
 *
 * <p>Vert.x Web's {@code BodyHandler} is not used: it answers a body that fails to decode with status 200 (it maps
 * only Netty's {@code DecoderException} to 400, and Netty reports a bad chunk size as a {@code NumberFormatException}),
 * and it decodes form and multipart bodies, which this API never takes, failing on a {@code GET} that carries one.
 */
final class RequestBody implements Handler<RoutingContext> {
    private static final String KEY = RequestBody.class.getName();
    /** The longest a refused body is read on, and dropped, before its connection closes. */
    static final long LINGER_MILLIS = 2_000;

    private final int maxBytes;

    RequestBody(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The body read for this request; empty if it had none. */
    static Buffer of(RoutingContext ctx) {
        Buffer body = ctx.get(KEY);
        return body == null ? Buffer.buffer() : body;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            ctx.next();
            return;
        }
        String length = request.getHeader("content-length");
        if (length != null && parseLength(length) > maxBytes) {
            tooLarge(ctx);
            return;
        }
        String expect = request.getHeader("expect");
        if (expect != null && request.version() != HttpVersion.HTTP_1_0) {
            if (!expect.equalsIgnoreCase("100-continue")) {
                Problem.of(417, "expectation-failed", "Expectation failed",
                                "expect: only 100-continue is supported, was '" + expect + "'")
                        .with("field", "expect")
                        .send(ctx.response());
                return;
            }
            ctx.response().writeContinue();
        }
        Buffer body = Buffer.buffer(length == null ? 1024 : (int) Math.min(parseLength(length), 64 * 1024));
        boolean[] failed = {false};
        request.handler(chunk -> {
            if (failed[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                failed[0] = true;
                tooLarge(ctx);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> {
            if (!failed[0]) {
                failed[0] = true;
                MalformedRequests.body(request, failure);
            }
        });
        request.endHandler(v -> {
            if (!failed[0]) {
                ctx.put(KEY, body);
                ctx.next();
            }
        });
        request.resume();
    }

    private void tooLarge(RoutingContext ctx) {
        if (!ctx.response().headWritten()) {
            ctx.response().putHeader("connection", "close");
        }
        Problem.of(413, "too-large", "Request too large", "body: more than max-batch-bytes = " + maxBytes + " bytes")
                .with("field", "body")
                .send(ctx.response());
        lingerThenClose(ctx);
    }

    /**
     * Closes the connection of a refused body once the client has stopped sending, or after {@link #LINGER_MILLIS}.
     * Closing while its body is still arriving makes the kernel answer with a reset, which can destroy the 413 before
     * the client reads it; so the rest is read and dropped for a moment first, as web servers do ("lingering close").
     */
    private static void lingerThenClose(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        var connection = request.connection();
        long timer = ctx.vertx().setTimer(LINGER_MILLIS, id -> connection.close());
        if (request.isEnded()) {
            ctx.vertx().cancelTimer(timer);
            connection.close();
            return;
        }
        request.handler(dropped -> {});
        request.endHandler(v -> {
            ctx.vertx().cancelTimer(timer);
            connection.close();
        });
        request.resume();
    }

    /** The declared length; Netty has already refused a content-length that is not a number. */
    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
