package dev.tributary.server.metrics;

import dev.tributary.broker.delivery.CircuitState;
import dev.tributary.broker.delivery.DeliveryListener;
import dev.tributary.core.delivery.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Per-subscription delivery meters, fed by the dispatchers: {@code tributary_deliveries_total{subscription,outcome}}
 * (delivered and each failure kind), {@code tributary_delivery_retries_total}, {@code tributary_dead_letters_total
 * {reason}}, {@code tributary_delivery_skipped_total} (lost to retention), the attempt latency histogram
 * {@code tributary_delivery_attempt_seconds}, and the gauges {@code tributary_delivery_in_flight},
 * {@code tributary_delivery_lag_events}, {@code tributary_delivery_lag_seconds} and {@code tributary_delivery_circuit}
 * (0 closed, 1 half-open, 2 open).
 * Thread-safe: meters are looked up once per subscription.
 */
final class DeliveryMetrics implements DeliveryListener {
    private final MeterRegistry registry;
    private final Map<String, Meters> bySubscription = new ConcurrentHashMap<>();

    private volatile ToLongFunction<String> pendingRetries = id -> 0;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Where {@code tributary_delivery_retries_pending} reads a subscription's pending retries (at scrape time). */
    void countRetriesWith(ToLongFunction<String> count) {
        this.pendingRetries = count;
    }

    /** The meters of one subscription; gauges read these values. */
    private final class Meters {
        final String id;
        final Timer attempts;
        final Counter retries;
        final Counter skipped;
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong lag = new AtomicLong();
        final AtomicLong lagMillis = new AtomicLong();
        final AtomicLong circuit = new AtomicLong();
        final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
        final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

        Meters(String id) {
            this.id = id;
            attempts = Timer.builder("tributary.delivery.attempt")
                    .description("Time of one delivery attempt, send to outcome")
                    .tag("subscription", id)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofMinutes(5))
                    .register(registry);
            retries = counter("tributary.delivery.retries", "Failed deliveries scheduled for another attempt");
            skipped = counter("tributary.delivery.skipped", "Events retention deleted before they were delivered");
            Gauge.builder("tributary.delivery.in.flight", inFlight, AtomicLong::get)
                    .description("Attempts under way").tag("subscription", id).register(registry);
            Gauge.builder("tributary.delivery.lag.events", lag, AtomicLong::get)
                    .description("Events past the committed offsets").tag("subscription", id).register(registry);
            Gauge.builder("tributary.delivery.lag.seconds", lagMillis, millis -> millis.get() / 1000.0)
                    .description("Age of the oldest event past the committed offsets").tag("subscription", id)
                    .register(registry);
            // counted when scraped, not kept up to date: a sink down for hours may have a million of them
            Gauge.builder("tributary.delivery.retries.pending", () -> pendingRetries.applyAsLong(id))
                    .description("Retries scheduled and not yet resolved, due or not (the circuit may hold them)")
                    .tag("subscription", id).register(registry);
            Gauge.builder("tributary.delivery.circuit", circuit, AtomicLong::get)
                    .description("Circuit breaker: 0 closed, 1 half-open, 2 open").tag("subscription", id)
                    .register(registry);
        }

        private Counter counter(String name, String description) {
            return Counter.builder(name).description(description).tag("subscription", id).register(registry);
        }

        Counter outcome(String outcome) {
            return outcomes.computeIfAbsent(outcome, o -> Counter.builder("tributary.deliveries")
                    .description("Delivery attempts by outcome")
                    .tags("subscription", id, "outcome", o)
                    .register(registry));
        }

        Counter deadLetter(String reason) {
            return deadLetters.computeIfAbsent(reason, r -> Counter.builder("tributary.dead.letters")
                    .description("Events sent to the dead-letter bus, by reason")
                    .tags("subscription", id, "reason", r)
                    .register(registry));
        }
    }

    private Meters of(String id) {
        return bySubscription.computeIfAbsent(id, Meters::new);
    }

    @Override
    public void delivered(String subscriptionId, long latencyNanos) {
        Meters m = of(subscriptionId);
        m.outcome("delivered").increment();
        m.attempts.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(String subscriptionId, Outcome.Kind kind) {
        of(subscriptionId).outcome(kind.name().toLowerCase(Locale.ROOT)).increment();
    }

    @Override
    public void retried(String subscriptionId) {
        of(subscriptionId).retries.increment();
    }

    @Override
    public void deadLettered(String subscriptionId, String reason) {
        of(subscriptionId).deadLetter(reason).increment();
    }

    @Override
    public void circuit(String subscriptionId, CircuitState state) {
        of(subscriptionId).circuit.set(switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        });
    }

    @Override
    public void skipped(String subscriptionId, long count) {
        of(subscriptionId).skipped.increment(count);
    }

    @Override
    public void inFlight(String subscriptionId, int delta) {
        of(subscriptionId).inFlight.addAndGet(delta);
    }

    @Override
    public void lag(String subscriptionId, long events, double seconds) {
        Meters meters = of(subscriptionId);
        meters.lag.set(events);
        meters.lagMillis.set(Math.round(seconds * 1000));
    }
}
