package dev.tributary.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Sends the API's requests to one node and hands back what its 2xx answers say. The one place that builds requests
 * (URL, credential, {@code Accept}, timeout) and that turns failures into exceptions: no answer is a
 * {@link TributaryConnectionException}, an answer outside 2xx a {@link TributaryException} (via {@link Problems}),
 * a 2xx answer of another shape an {@link IllegalStateException}. The credential goes into the
 * {@code Authorization} header and nowhere else. Thread-safe: the {@link HttpClient} is, and the rest is immutable.
 */
final class Transport implements AutoCloseable {
    /** Failures, anywhere in the cause chain, that mean no connection was made: nothing of the request went out. */
    private static final List<Class<? extends Throwable>> UNREACHABLE =
            List.of(ConnectException.class, UnresolvedAddressException.class, UnknownHostException.class);

    private final URI base;
    private final Optional<String> authorization;
    private final HttpClient http;
    private final Duration requestTimeout;

    /** @param base the node's URL, without a trailing slash */
    Transport(URI base, Optional<String> token, HttpClient http, Duration requestTimeout) {
        this.base = base;
        this.authorization = token.map(t -> "Bearer " + t);
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    /** GET, reading the answer's body with {@code answer}. */
    <T> T get(RequestPath path, Function<byte[], T> answer) {
        return exchange("GET", path, null, null, answer);
    }

    /** POST of {@code body} of {@code contentType}, reading the answer's body with {@code answer}. */
    <T> T post(RequestPath path, String contentType, byte[] body, Function<byte[], T> answer) {
        return exchange("POST", path, contentType, body, answer);
    }

    /**
     * GET of a stream of Server-Sent Events: the answer's body as it arrives. Fails like the other requests when the
     * answer is not a 2xx; the caller closes the body.
     */
    InputStream events(RequestPath path, String lastEventId) {
        URI uri = URI.create(base + path.toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept",
                "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        authorization.ifPresent(value -> request.header("Authorization", value));
        String what = "GET " + uri;
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw failure(uri, what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TributaryConnectionException(uri, TributaryConnectionException.Reason.INTERRUPTED,
                    "interrupted while waiting for the answer to " + what, e);
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readAllBytes();
            } catch (IOException e) {
                body = new byte[0];
            }
            throw Problems.refusal(what, response.statusCode(), response.headers(), body);
        }
        return response.body();
    }

    /** PUT of {@code body} of {@code contentType}, reading the answer's body with {@code answer}. */
    <T> T put(RequestPath path, String contentType, byte[] body, Function<byte[], T> answer) {
        return exchange("PUT", path, contentType, body, answer);
    }

    /** DELETE, whose 2xx answer says nothing more. */
    void delete(RequestPath path) {
        delete(path, ignored -> null);
    }

    /** DELETE, reading the answer's body with {@code answer}. */
    <T> T delete(RequestPath path, Function<byte[], T> answer) {
        return exchange("DELETE", path, null, null, answer);
    }

    private <T> T exchange(String method, RequestPath path, String contentType, byte[] body,
            Function<byte[], T> answer) {
        URI uri = URI.create(base + path.toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        authorization.ifPresent(value -> request.header("Authorization", value));
        String what = method + " " + uri;
        HttpResponse<byte[]> response = send(request.build(), what);
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw Problems.refusal(what, status, response.headers(), response.body());
        }
        try {
            return answer.apply(response.body());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(what + " answered " + status + ", but " + e.getMessage(), e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw failure(request.uri(), what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TributaryConnectionException(request.uri(), TributaryConnectionException.Reason.INTERRUPTED,
                    "interrupted while waiting for the answer to " + what, e);
        }
    }

    private TributaryConnectionException failure(URI uri, String what, IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return new TributaryConnectionException(uri, TributaryConnectionException.Reason.UNREACHABLE,
                    "cannot connect to " + base + ": no connection within "
                            + http.connectTimeout().map(Duration::toString).orElse("the connect timeout"), e);
        }
        if (e instanceof HttpTimeoutException) {
            return new TributaryConnectionException(uri, TributaryConnectionException.Reason.TIMEOUT,
                    "no answer to " + what + " within " + requestTimeout, e);
        }
        Throwable tls = causeOf(e, SSLException.class);
        if (tls != null) {
            return new TributaryConnectionException(uri, TributaryConnectionException.Reason.TLS,
                    "the TLS handshake with " + base + " failed (" + tls.getMessage() + "); if the node's certificate"
                            + " comes from a private CA, trust it with caFile, and if the node requires client"
                            + " certificates, present one with clientCertificate", e);
        }
        for (Class<? extends Throwable> type : UNREACHABLE) {
            Throwable refused = causeOf(e, type);
            if (refused != null) {
                String reason = refused.getMessage() == null || refused.getMessage().isBlank()
                        ? refused.getClass().getSimpleName() : refused.getMessage();
                return new TributaryConnectionException(uri, TributaryConnectionException.Reason.UNREACHABLE,
                        "cannot connect to " + base + " (" + reason + ")", e);
            }
        }
        return new TributaryConnectionException(uri, TributaryConnectionException.Reason.BROKEN,
                "the connection to " + base + " failed during " + what + ": " + e, e);
    }

    /** {@code failure} or its first cause of {@code type}, or null. */
    private static Throwable causeOf(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /** Waits for requests under way, then stops the HTTP client's threads. */
    @Override
    public void close() {
        http.close();
    }
}
