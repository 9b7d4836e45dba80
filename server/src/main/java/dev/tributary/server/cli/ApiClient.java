package dev.tributary.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A small blocking client of the HTTP API (docs/http-api.md) over {@link HttpClient}. Maps failures to
 * {@link CliExceptions}: a connection failure is {@link CliExceptions.Unreachable} naming the URL, a 4xx/5xx answer
 * is {@link CliExceptions.ServerProblem} carrying the problem's {@code detail}. One per command run.
 */
final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;

    /** @param tls the TLS context for an https node, or {@code null} for the JDK's default trust */
    ApiClient(URI base, Optional<String> token, SSLContext tls) {
        this.base = base;
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1);
        if ("http".equalsIgnoreCase(base.getScheme())) {
            // The default TLS context loads and parses the JDK's trust store, about half a second of every
            // command's start; a plain-HTTP node never needs it, so give the client one that is never used.
            builder.sslContext(PlainHttpOnly.CONTEXT);
        } else if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** A TLS context for a client that only speaks plain HTTP: cheap to make, and it trusts no one. */
    private static final class PlainHttpOnly {
        static final SSLContext CONTEXT = create();

        private static SSLContext create() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(new KeyManager[0], new TrustManager[] {new RefuseAll()}, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot create a TLS context", e);
            }
        }

        private static final class RefuseAll implements X509TrustManager {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("this client speaks plain HTTP only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("this client speaks plain HTTP only");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }
    }

    URI base() {
        return base;
    }

    /**
     * Stops the HTTP client's selector thread. It waits in a native call, and a JVM exiting with a thread in native
     * code waits up to 300 ms for it: a third of a short command's run.
     */
    void close() {
        http.shutdownNow();
        try {
            http.awaitTermination(Duration.ofMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** GET returning JSON. */
    JsonNode get(String path) {
        return json(send(request(path).GET().build()));
    }

    /** DELETE; returns the JSON answer, or null for 204. */
    JsonNode delete(String path) {
        return json(send(request(path).DELETE().build()));
    }

    /** POST of a body with its content type, returning JSON. */
    JsonNode post(String path, String contentType, byte[] body) {
        return json(send(request(path)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build()));
    }

    /** PUT of a body with its content type, returning JSON. */
    JsonNode put(String path, String contentType, byte[] body) {
        return json(send(request(path)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build()));
    }

    /** GET whose body is read as a stream (NDJSON reads, SSE); no request timeout. The caller closes the body. */
    HttpResponse<InputStream> open(String path, Map<String, String> headers) {
        HttpRequest.Builder b = authorized(HttpRequest.newBuilder(uri(path)).GET());
        headers.forEach(b::header);
        HttpResponse<InputStream> response = exchange(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 400) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(64 * 1024);
            } catch (IOException e) {
                body = new byte[0];
            }
            throw problem(response.statusCode(), body, -1);
        }
        return response;
    }

    private HttpRequest.Builder request(String path) {
        return authorized(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json"));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), response.body(), retryAfter(response));
        }
        return response;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException | InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to " + base, e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException) {
                throw unreachable(e);
            }
            if (e instanceof javax.net.ssl.SSLHandshakeException) {
                throw new CliExceptions.Unreachable("the TLS handshake with " + base + " failed (" + e.getMessage()
                        + "); if the node's certificate comes from a private CA, give it with --ca-file or"
                        + " TRIBUTARY_CA_FILE", e);
            }
            throw new CliExceptions.Unreachable(
                    "connection to " + base + " failed: " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
    }

    private CliExceptions.Unreachable unreachable(Exception e) {
        String reason = e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage();
        return new CliExceptions.Unreachable("cannot connect to " + base + " (" + reason + "); is a node running"
                + " there? Start one with ./tributary server, or point the CLI at yours with --url or "
                + ClientOptions.ENV, e);
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (response.statusCode() == 204 || body == null || body.length == 0) {
            return null;
        }
        try {
            return OutputFormat.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the server answered " + response.statusCode() + " with a body that is not JSON: "
                    + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
        }
    }

    /** The answer's {@code Retry-After} in seconds, -1 when absent or given as a date. */
    private static int retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("retry-after").map(Integer::parseInt).orElse(-1);
        } catch (NumberFormatException date) {
            return -1;
        }
    }

    private static CliExceptions.ServerProblem problem(int status, byte[] body, int retryAfter) {
        String detail = null;
        JsonNode document = MissingNode.getInstance();
        try {
            JsonNode problem = OutputFormat.MAPPER.readTree(body);
            if (problem != null && problem.isObject()) {
                document = problem;
                detail = text(problem, "detail");
                if (detail == null) {
                    detail = text(problem, "title");
                }
            }
        } catch (IOException e) {
            // not a problem document: fall through to the raw body
        }
        if (detail == null) {
            String raw = new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8).strip();
            detail = raw.isEmpty() ? "the server answered HTTP " + status : raw;
        }
        return new CliExceptions.ServerProblem(status, detail, document, retryAfter);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
