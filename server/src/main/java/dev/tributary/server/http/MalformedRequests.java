package dev.tributary.server.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Answers requests whose HTTP/1.1 framing could not be decoded (a bad request line, headers beyond the limits, a bad
 * chunk size) with a problem, then closes the connection: once framing is lost, nothing after it can be trusted to
 * start a request. Stateless.
 */
final class MalformedRequests {
    private MalformedRequests() {}

    /** The request line or the headers could not be decoded; Vert.x hands such requests to no route. */
    static void head(HttpServerRequest request, HttpLimits limits) {
        Throwable cause = request.decoderResult().cause();
        Problem problem;
        if (cause instanceof TooLongHttpLineException) {
            problem = Problem.of(414, "request-line-too-long", "Request line too long",
                    "request line: longer than http-max-request-line-bytes = " + limits.maxRequestLineBytes() + " bytes");
        } else if (cause instanceof TooLongHttpHeaderException) {
            problem = Problem.of(431, "headers-too-large", "Request headers too large",
                    "headers: more than http-max-header-bytes = " + limits.maxHeaderBytes() + " bytes");
        } else {
            problem = Problem.of(400, "malformed-request", "Malformed request",
                    "request head: cannot be decoded (" + reason(cause) + ")");
        }
        answerAndClose(request, problem);
    }

    /** The body could not be decoded, for instance a chunk size that is not hexadecimal. */
    static void body(HttpServerRequest request, Throwable cause) {
        answerAndClose(request, Problem.of(400, "malformed-request", "Malformed request",
                        "body: the message framing cannot be decoded (" + reason(cause) + ")")
                .with("field", "body"));
    }

    private static void answerAndClose(HttpServerRequest request, Problem problem) {
        HttpServerResponse response = request.response();
        if (!response.headWritten()) {
            response.putHeader("connection", "close");
        }
        problem.send(response);
        request.connection().close();
    }

    private static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        Throwable root = cause.getCause() != null ? cause.getCause() : cause;
        return String.valueOf(root.getMessage());
    }
}
