package dev.tributary.server.delivery;

import dev.tributary.broker.delivery.Delivery;
import dev.tributary.broker.delivery.SendResult;
import dev.tributary.broker.delivery.Sink;
import dev.tributary.broker.subscription.SinkSpec;
import dev.tributary.broker.subscription.SubscriptionSpec;
import dev.tributary.core.delivery.Outcome;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers a subscription's events to its HTTP(S) endpoint: one POST per {@link Delivery}, as {@link OutgoingRequest}
 * builds it and {@link HttpAttempt} carries it out (SSRF check, per-attempt timeout, no redirects, bounded response
 * reading, classification into an {@link Outcome}).
 *
 * <p>Thread-safe and non-blocking: {@link #send} may be called from many dispatcher threads at once; it encodes and
 * signs the request on the calling thread and returns at once. The future never completes exceptionally; it
 * completes on the sink's event loop, where what is chained onto it must not block. The sink holds nothing of its
 * own: connections belong to the factory's shared client, so {@link #close()} releases nothing.
 */
final class HttpSink implements Sink {
    private final SubscriptionSpec subscription;
    private final SinkSpec.Http sink;
    private final Endpoint endpoint;
    private final Transport transport;
    private final Context context;

    HttpSink(SubscriptionSpec subscription, SinkSpec.Http sink, Transport transport) {
        this.subscription = subscription;
        this.sink = sink;
        this.endpoint = Endpoint.of(sink.uri());
        this.transport = transport;
        // One event loop for all of the sink's attempts: its connections are made on that loop and their callbacks
        // stay there. Attempts spread over every loop would each borrow connections living on another loop and hop
        // twice per request. Sinks are spread over the loops as they are opened.
        this.context = transport.vertx().getOrCreateContext();
    }

    /** Each {@link HttpAttempt} ends by its own timer at the policy's timeout. */
    @Override
    public boolean boundsItsAttempts() {
        return true;
    }

    @Override
    public CompletableFuture<SendResult> send(Delivery delivery) {
        long start = System.nanoTime();
        OutgoingRequest outgoing;
        try {
            outgoing = OutgoingRequest.of(
                    subscription, sink, delivery, transport.clock().instant(), transport.signer());
        } catch (RuntimeException e) {
            // E.g. a message id the signer refuses. Nothing was sent; the result says why.
            return CompletableFuture.completedFuture(new SendResult(
                    Outcome.ofError(e),
                    Duration.ofNanos(System.nanoTime() - start),
                    Optional.of("cannot build the request: " + HttpAttempt.describe(e))));
        }
        return new HttpAttempt(transport, endpoint, outgoing, subscription.delivery().timeout(), start).start(context);
    }

    @Override
    public String toString() {
        return "HTTP sink of subscription '" + subscription.id() + "' to " + endpoint;
    }
}
