package dev.tributary.server.delivery;

import dev.tributary.broker.delivery.Sink;
import dev.tributary.broker.delivery.SinkFactory;
import dev.tributary.broker.subscription.SinkSpec;
import dev.tributary.broker.subscription.SubscriptionSpec;
import dev.tributary.core.delivery.WebhookSigner;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens the sinks of subscriptions that deliver to HTTP(S) endpoints ({@code SinkSpec.Http}): CloudEvents over HTTP
 * in binary or structured mode, custom headers, bearer or basic credentials, Standard Webhooks signatures, and an
 * {@link OutboundPolicy} checked before every attempt.
 *
 * <p>All its sinks share one Vert.x HTTP client: keep-alive connections pooled per destination, at most {@value
 * #MAX_CONNECTIONS_PER_HOST} to each, and a few worker threads for DNS lookups. Closing a sink closes nothing shared;
 * {@link #close()} closes the client (deliveries still in flight then end as connection errors, which are retried).
 *
 * <p>Thread-safe. {@link #open} throws {@link IllegalArgumentException} for a subscription whose sink is not HTTP(S)
 * and {@link IllegalStateException} once closed.
 */
public final class HttpSinkFactory implements SinkFactory, AutoCloseable {
    /** The default max in-flight of a subscription, so that one at its defaults never waits for a connection. */
    static final int MAX_CONNECTIONS_PER_HOST = 64;
    /**
     * How long an idle pooled connection is kept, in seconds: below the 5 s of Node.js, the shortest common server
     * default, so that we seldom write onto a connection the server is just closing.
     */
    static final int KEEP_ALIVE_SECONDS = 4;
    /** Lookups are mostly answered from the JDK's cache; a few threads bound the cost of a slow resolver. */
    static final int RESOLVER_THREADS = 4;

    private final Transport transport;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param clock for signature timestamps and {@code Retry-After} dates
     * @param policy which addresses deliveries may reach
     */
    public HttpSinkFactory(Vertx vertx, Clock clock, OutboundPolicy policy) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(policy, "policy");
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setVerifyHost(true)
                .setForceSni(true)
                .setDecompressionSupported(false);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_HOST);
        HttpClient client = vertx.httpClientBuilder().with(options).with(pool).build();
        transport = new Transport(
                vertx,
                client,
                vertx.createSharedWorkerExecutor("tributary-sink-dns", RESOLVER_THREADS),
                clock,
                policy,
                new WebhookSigner());
    }

    @Override
    public Sink open(SubscriptionSpec subscription) {
        if (closed.get()) {
            throw new IllegalStateException("cannot open the sink of subscription '" + subscription.id()
                    + "': the HTTP sink factory is closed");
        }
        if (!(subscription.sink() instanceof SinkSpec.Http http)) {
            String kind = subscription.sink() instanceof SinkSpec.Bus bus
                    ? "bus:" + bus.bus()
                    : subscription.sink().toString();
            throw new IllegalArgumentException("subscription '" + subscription.id() + "' delivers to " + kind
                    + ", not to an HTTP(S) endpoint");
        }
        return new HttpSink(subscription, http, transport);
    }

    /** Closes the shared client and the lookup threads; idempotent, and does not wait. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        transport.client().close();
        transport.resolver().close();
    }
}
