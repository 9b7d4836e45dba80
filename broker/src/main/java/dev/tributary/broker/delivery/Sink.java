package dev.tributary.broker.delivery;

import java.util.concurrent.CompletableFuture;

/**
 * Where a subscription's deliveries go: an HTTP endpoint, another bus, or code in this process (embedded users, and
 * later actors and pipelines), all with the same at-least-once guarantees, retries and dead letters.
 *
 * <p>{@link #send} is called by the subscription's dispatcher, possibly concurrently (up to the subscription's
 * {@code maxInFlight}), and must not block the calling thread for long: return a future and complete it when the
 * attempt is over. The future completes with the attempt's {@link SendResult}; a future that completes exceptionally
 * counts as a connection error (retried). It may complete on any thread, the sink's own included: the dispatcher
 * does only quick in-memory work there and takes anything that writes to the store to threads of its own.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface Sink extends AutoCloseable {
    CompletableFuture<SendResult> send(Delivery delivery);

    /**
     * Whether every future {@link #send} returns completes within the attempt timeout by itself (the HTTP sink has its
     * own timer per attempt). If not (the default), the dispatcher bounds each attempt with a timer of its own.
     */
    default boolean boundsItsAttempts() {
        return false;
    }

    /** Releases what the sink holds (connections). The default holds nothing. */
    @Override
    default void close() {}
}
