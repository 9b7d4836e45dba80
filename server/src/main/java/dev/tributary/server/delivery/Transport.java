package dev.tributary.server.delivery;

import dev.tributary.core.delivery.WebhookSigner;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import java.time.Clock;

/**
 * What every HTTP sink of one {@link HttpSinkFactory} shares; owned and closed by the factory. All members are
 * thread-safe.
 *
 * @param client the one connection-pooling client
 * @param resolver the few worker threads that run blocking DNS lookups, off the event loops
 * @param clock for signature timestamps and {@code Retry-After} dates
 */
record Transport(
        Vertx vertx,
        HttpClient client,
        WorkerExecutor resolver,
        Clock clock,
        OutboundPolicy policy,
        WebhookSigner signer) {}
