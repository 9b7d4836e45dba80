package dev.tributary.server.delivery;

import dev.tributary.core.delivery.WebhookSigner;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every HTTP sink of one {@link HttpSinkFactory} shares; owned and closed by the factory. All members are
 * thread-safe.
 *
 * @param client the one connection-pooling client
 * @param resolver the few worker threads that run blocking DNS lookups, off the event loops
 * @param completions where attempts' futures are completed, so that what a dispatcher chains onto them never runs on
 *     an event loop
 * @param clock for signature timestamps and {@code Retry-After} dates
 */
record Transport(
        Vertx vertx,
        HttpClient client,
        WorkerExecutor resolver,
        Executor completions,
        Clock clock,
        OutboundPolicy policy,
        WebhookSigner signer) {}
