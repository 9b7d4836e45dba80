package dev.tributary.broker.delivery;

import dev.tributary.broker.Bus;
import dev.tributary.broker.Buses;
import dev.tributary.core.delivery.Outcome;
import dev.tributary.log.OverloadedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A {@code bus:<name>} sink: forwards each delivery to another bus of this node. An attempt is
 * {@link Outcome.Kind#DELIVERED} once the event is durable there; the target's dedup window (the event keeps its
 * {@code source}+{@code id}) makes a repeated attempt after a crash harmless. The target is looked up at every attempt:
 * a deleted target answers like a 404 (dead letter), a full writer queue like a 503 (retry), a disk failure like a
 * connection error (retry). Thread-safe.
 */
final class BusSink implements Sink {
    private final Buses buses;
    private final String target;

    BusSink(Buses buses, String target) {
        this.buses = buses;
        this.target = target;
    }

    @Override
    public CompletableFuture<SendResult> send(Delivery delivery) {
        long started = System.nanoTime();
        Optional<Bus> bus = buses.find(target);
        if (bus.isEmpty()) {
            return CompletableFuture.completedFuture(answer(404, started, "bus '" + target + "' does not exist"));
        }
        CompletableFuture<SendResult> sent;
        try {
            sent = bus.get().publish(List.of(delivery.event()))
                    .thenApply(positions -> SendResult.delivered(since(started)));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.exceptionally(failure -> failed(failure, started));
    }

    private SendResult failed(Throwable failure, long started) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof OverloadedException) {
            return answer(503, started, cause.getMessage());
        }
        return new SendResult(Outcome.ofError(cause), since(started), Optional.of("bus '" + target + "': " + cause));
    }

    private static SendResult answer(int status, long started, String text) {
        return new SendResult(Outcome.of(status, Optional.empty(), Instant.EPOCH), since(started), Optional.of(text));
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
