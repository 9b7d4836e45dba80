package dev.tributary.server.delivery;

import dev.tributary.broker.delivery.SendResult;
import dev.tributary.core.delivery.Outcome;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * One attempt to POST one request to an HTTP sink, from resolving its host to classifying the answer:
 *
 * <pre>
 * start ─▶ resolve host ─▶ check every address ─▶ connect to the checked one ─▶ send ─▶ status ─▶ ≤ 1 KB body ─▶ done
 *          (worker)          └ one not allowed ─▶ done: REFUSED, nothing sent                    └ rest skipped
 * an error at any step                 ─▶ done: RETRY (connection)
 * the timer fires before the status    ─▶ done: RETRY (timeout)
 * </pre>
 *
 * <p>The timer covers the whole exchange: lookup, waiting for a pooled connection, connecting, TLS, sending and the
 * response up to its status line and the excerpt. Once the status is known the receiver has decided, so a body that is
 * slow or breaks off no longer changes the outcome. Past the {@value SendResult#MAX_EXCERPT}-byte excerpt a body is
 * skipped without being stored: up to {@value #DRAIN_LIMIT} bytes are read and dropped so that the connection can be
 * reused, beyond that the connection is closed.
 *
 * <p>Threads: {@link #start} may be called from any thread. Everything after it runs on one Vert.x context (the
 * lookup's result, the client's callbacks and the timer all come back to it), so the mutable fields need no locks.
 * Nothing here blocks that context: the lookup runs on {@link Transport#resolver()}. The returned future is completed
 * on that context, never exceptionally: what is chained onto it must not block (see {@link
 * dev.tributary.broker.delivery.Sink}).
 */
final class HttpAttempt {
    /** How much of a body past the excerpt is read and dropped, so that its connection can serve the next request. */
    static final int DRAIN_LIMIT = 64 * 1024;

    private final Transport transport;
    private final Endpoint endpoint;
    private final OutgoingRequest outgoing;
    private final Duration timeout;
    private final long startNanos;
    private final CompletableFuture<SendResult> result = new CompletableFuture<>();

    // Owned by the attempt's context.
    private final ResponseExcerpt excerpt = new ResponseExcerpt();
    private boolean finished;
    private long timer = -1;
    private HttpClientRequest request;
    private boolean reset;
    private int status;
    private Optional<String> retryAfter = Optional.empty();
    private long skipped;

    /**
     * @param startNanos {@link System#nanoTime()} when the attempt began, for its duration
     */
    HttpAttempt(Transport transport, Endpoint endpoint, OutgoingRequest outgoing, Duration timeout, long startNanos) {
        this.transport = transport;
        this.endpoint = endpoint;
        this.outgoing = outgoing;
        this.timeout = timeout;
        this.startNanos = startNanos;
    }

    /** Runs the attempt on {@code context}, from any thread. */
    CompletableFuture<SendResult> start(Context context) {
        context.runOnContext(v -> begin());
        return result;
    }

    private void begin() {
        try {
            timer = transport.vertx().setTimer(timeoutMillis(), id -> {
                timer = -1;
                timedOut();
            });
            String host = endpoint.host();
            if (endpoint.hostIsAddress()) {
                // parsed, not looked up: no hop to the resolver threads
                resolved(InetAddress.getAllByName(host));
                return;
            }
            transport.resolver()
                    .executeBlocking(() -> InetAddress.getAllByName(host), false)
                    .onSuccess(this::resolved)
                    .onFailure(e -> failed(e, "cannot resolve " + host));
        } catch (UnknownHostException e) {
            failed(e, "cannot resolve " + endpoint.host());
        } catch (RuntimeException e) {
            failed(e, "cannot start the attempt");
        }
    }

    private void resolved(InetAddress[] addresses) {
        if (finished) {
            return;
        }
        // Every address must pass, not just the one used: a name that also points inside is suspect.
        for (InetAddress address : addresses) {
            Optional<String> kind = transport.policy().refusal(address);
            if (kind.isPresent()) {
                String ip = address.getHostAddress();
                String what = ip.equals(endpoint.host())
                        ? ip + " is a " + kind.get() + " address"
                        : "sink host " + endpoint.host() + " resolves to " + ip + ", a " + kind.get() + " address";
                finish(Outcome.refused(), Optional.of("refused, nothing sent: " + what
                        + "; the node delivers to public addresses only (allow others with --allow-private-sinks,"
                        + " or some networks with --allowed-sink-networks)"));
                return;
            }
        }
        connect(addresses[0]);
    }

    private void connect(InetAddress address) {
        try {
            RequestOptions options = new RequestOptions();
            options.setMethod(HttpMethod.POST);
            // Connect to the address just checked and never to a fresh lookup of the name, so that a DNS answer that
            // changes in between (DNS rebinding) cannot lead elsewhere. The name still goes in Host, SNI and the
            // certificate check.
            options.setServer(SocketAddress.inetSocketAddress(endpoint.port(), Endpoint.authorityHost(address)));
            options.setHost(endpoint.authorityHost());
            options.setPort(endpoint.port());
            options.setSsl(endpoint.ssl());
            options.setURI(endpoint.requestUri());
            options.setHeaders(outgoing.headers());
            // The CloudEvents webhook spec: a 3xx is an answer, never followed.
            options.setFollowRedirects(false);
            options.setConnectTimeout(timeoutMillis());
            // Bounds a drain that stalls after the outcome is known.
            options.setIdleTimeout(timeoutMillis());
            transport.client()
                    .request(options)
                    .onSuccess(this::send)
                    .onFailure(e -> failed(e, "cannot connect to " + endpoint + " at " + address.getHostAddress()));
        } catch (RuntimeException e) {
            failed(e, "cannot connect to " + endpoint);
        }
    }

    private void send(HttpClientRequest request) {
        this.request = request;
        if (finished) {
            reset();
            return;
        }
        request.send(Buffer.buffer(outgoing.body()))
                .onSuccess(this::answered)
                .onFailure(e -> failed(e, "no response from " + endpoint));
    }

    private void answered(HttpClientResponse response) {
        if (finished) {
            return;
        }
        status = response.statusCode();
        retryAfter = Optional.ofNullable(response.getHeader("retry-after"));
        response.exceptionHandler(e -> respond(false));
        response.handler(this::chunk);
        response.endHandler(v -> respond(true));
    }

    private void chunk(Buffer chunk) {
        if (!finished) {
            if (excerpt.add(chunk)) {
                respond(false);
            }
            return;
        }
        skipped += chunk.length();
        if (skipped > DRAIN_LIMIT) {
            reset();
        }
    }

    private void timedOut() {
        if (finished) {
            return;
        }
        if (status != 0) {
            // The answer came in time; only its body is slow, and the body is only for the log.
            respond(false);
        } else {
            TimeoutException timedOut = new TimeoutException("no response within " + timeout);
            finish(Outcome.ofError(timedOut), Optional.of(timedOut.getMessage() + " from " + endpoint));
        }
        reset();
    }

    /** Classifies the answer once its status and excerpt are known ({@code whole}: the body ended in the excerpt). */
    private void respond(boolean whole) {
        if (finished) {
            return;
        }
        Outcome outcome;
        try {
            outcome = Outcome.of(status, retryAfter, transport.clock().instant());
        } catch (IllegalArgumentException e) {
            // Not an HTTP status (RFC 9110 §15: 100-599): the exchange is broken, as if the connection had been.
            failed(new ProtocolException("status " + status + " is not an HTTP status"), "bad answer from " + endpoint);
            return;
        }
        finish(outcome, excerpt.text(whole && !excerpt.full()));
    }

    private void failed(Throwable failure, String context) {
        finish(Outcome.ofError(failure), Optional.of(context + ": " + describe(failure)));
    }

    private void finish(Outcome outcome, Optional<String> text) {
        if (finished) {
            return;
        }
        finished = true;
        if (timer >= 0) {
            transport.vertx().cancelTimer(timer);
            timer = -1;
        }
        result.complete(new SendResult(outcome, Duration.ofNanos(System.nanoTime() - startNanos), text));
    }

    /** Closes the exchange's connection (HTTP/1.1 cannot abandon one request and keep the connection). */
    private void reset() {
        if (request != null && !reset) {
            reset = true;
            request.reset();
        }
    }

    private long timeoutMillis() {
        return Math.max(1, timeout.toMillis());
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
