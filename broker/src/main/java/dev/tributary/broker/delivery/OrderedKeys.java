package dev.tributary.broker.delivery;

import dev.tributary.broker.store.Retry;
import dev.tributary.broker.store.RetryQueue;
import dev.tributary.log.StoredEvent;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Per-key order for one subscription: a {@link KeyGate} per partition in {@code ordered} mode, none otherwise. Parks a
 * fresh event behind its key's pending retry, and hands the key on when that retry is resolved.
 *
 * <pre>
 * fresh event ─▶ awaitTurn: key free ─▶ GO (begin … end around its attempt)
 *                           key retrying ─▶ parked in the retry schedule (durable) ─▶ PARKED
 * retry resolved ─▶ the key's first parked event becomes due, or the key is free
 * </pre>
 *
 * <p>Thread-safe: the gates are made at construction and each is thread-safe.
 */
final class OrderedKeys {
    private static final System.Logger LOG = System.getLogger(OrderedKeys.class.getName());
    private static final long PARK_FIRST_PAUSE = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PARK_LONGEST_PAUSE = TimeUnit.SECONDS.toNanos(10);

    private final String subscriptionId;
    private final RetryQueue retries;
    private final Clock clock;
    private final Running running;
    private final BiConsumer<Integer, Long> parked;
    private final Map<Integer, KeyGate> gates = new HashMap<>();

    /**
     * @param ordered whether the subscription orders per key (else every event goes at once)
     * @param parked called with partition and offset once an event is durably parked: its offset is done
     */
    OrderedKeys(String subscriptionId, boolean ordered, Iterable<Integer> partitions, RetryQueue retries, Clock clock,
            Running running, BiConsumer<Integer, Long> parked) {
        this.subscriptionId = subscriptionId;
        this.retries = retries;
        this.clock = clock;
        this.running = running;
        this.parked = parked;
        if (ordered) {
            partitions.forEach(p -> gates.put(p, new KeyGate(retries.retryingKeys(subscriptionId, p))));
        }
    }

    /** Whether events wait for earlier events of their key. */
    boolean ordered() {
        return !gates.isEmpty();
    }

    /** The key {@code stored} is ordered by, or null when it goes at once (unordered mode, or an event without key). */
    String keyOf(StoredEvent stored) {
        return ordered() ? Attempted.keyOf(stored) : null;
    }

    /**
     * Waits while an earlier event of the key is under way; parks the event if the key has a pending retry (trying
     * until that is durable or the dispatcher stops). {@link KeyGate.Turn#GO}: the caller may send it and must
     * {@link #begin} it.
     */
    KeyGate.Turn awaitTurn(StoredEvent stored, String key, int priority) {
        return gates.get(stored.partition()).awaitTurn(key, running, () -> park(stored, key, priority));
    }

    /** Marks the key under way; the returned action ends that once the attempt's outcome is handled. */
    Runnable begin(int partition, String key) {
        KeyGate gate = gates.get(partition);
        gate.begin(key);
        return () -> gate.end(key);
    }

    /** An event of {@code key} is now durably scheduled for retry (before its attempt lets go). */
    void retryScheduled(int partition, String key) {
        KeyGate gate = gates.get(partition);
        if (gate != null && key != null) {
            gate.retrying(key);
        }
    }

    /**
     * A retry was delivered, dead-lettered or dropped: removes it and, in ordered mode, hands its key on to the key's
     * first parked event (or frees the key).
     */
    void retryResolved(int partition, long offset, String key) {
        KeyGate gate = gates.get(partition);
        if (gate == null || key == null) {
            retries.remove(subscriptionId, partition, offset);
            return;
        }
        gate.resolved(key, () -> retries.resolve(subscriptionId, partition, offset, key, clock.instant()));
    }

    /** From then on the retry schedule owns the event: its offset is done for the tracker. */
    private void park(StoredEvent stored, String key, int priority) {
        CloudEvent event = stored.event();
        Retry retry = new Retry(subscriptionId, stored.partition(), stored.offset(), event.getId(),
                event.getSource().toString(), key, priority, 0, clock.instant(), Retry.PARKED, -1, null);
        for (long pause = PARK_FIRST_PAUSE; running.on(); pause = Math.min(pause * 2, PARK_LONGEST_PAUSE)) {
            try {
                retries.schedule(retry);
                parked.accept(stored.partition(), stored.offset());
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "subscription '" + subscriptionId + "': cannot park the event at"
                        + " partition " + stored.partition() + " offset " + stored.offset() + " behind its key's retry;"
                        + " trying again in " + pause / 1_000_000 + " ms", e);
                running.pause(pause);
            }
        }
    }
}
