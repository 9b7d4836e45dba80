package dev.tributary.broker.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.broker.Bus;
import dev.tributary.broker.BusDefaults;
import dev.tributary.broker.Buses;
import dev.tributary.broker.store.MetadataStore;
import dev.tributary.broker.subscription.Subscription;
import dev.tributary.broker.subscription.Subscriptions;
import dev.tributary.core.delivery.Outcome;
import dev.tributary.core.filter.EvaluationErrors;
import dev.tributary.log.Durability;
import dev.tributary.log.LogListener;
import dev.tributary.log.StoredEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node for delivery tests: real buses and a real SQLite store under a directory, the subscriptions service, and
 * dispatchers whose HTTP sinks are one {@link ScriptedSink}. Closing and opening again on the same directory is a
 * restart.
 */
final class TestNode implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Buses buses;
    final MetadataStore store;
    final Subscriptions subscriptions;
    final Dispatchers dispatchers;
    final RecordingListener listener = new RecordingListener();

    TestNode(Path dir, TestClock clock, ScriptedSink sink) {
        buses = Buses.open(dir.resolve("data"), new BusDefaults(Durability.NONE, 1 << 20, Duration.ofMinutes(10)),
                Clock.systemUTC(), name -> LogListener.NONE);
        store = MetadataStore.openSqlite(dir.resolve("meta.db"));
        subscriptions = new Subscriptions(store, buses, clock, id -> EvaluationErrors.ignore());
        dispatchers = new Dispatchers(buses, store, subscriptions, spec -> sink, clock, listener);
    }

    Bus bus(String name, int partitions) {
        return buses.find(name).orElseGet(() -> buses.create(name, partitions, Duration.ofDays(1), -1));
    }

    Subscription subscribe(String json) {
        try {
            return subscriptions.create(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CloudEvent event(String id, String type) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/shop"))
                .withType(type)
                .withData("application/json", ("{\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8))
                .build();
    }

    void publish(String bus, CloudEvent... events) {
        buses.get(bus).publish(List.of(events)).join();
    }

    /** Every event of a bus, partition by partition; none while the bus does not exist (a dead-letter bus, say). */
    List<StoredEvent> events(String bus) {
        Bus b = buses.find(bus).orElse(null);
        List<StoredEvent> all = new ArrayList<>();
        if (b == null) {
            return all;
        }
        for (int p = 0; p < b.spec().partitions(); p++) {
            all.addAll(b.log().read(p, b.log().state(p).startOffset(), 10_000, 64 << 20).events());
        }
        return all;
    }

    /** The committed offsets of a subscription summed over partitions. */
    long committed(String subscriptionId) {
        return store.cursors().get(subscriptionId).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The end offsets of a bus summed over partitions. */
    long end(String bus) {
        Bus b = buses.get(bus);
        long sum = 0;
        for (int p = 0; p < b.spec().partitions(); p++) {
            sum += b.log().state(p).endOffset();
        }
        return sum;
    }

    @Override
    public void close() {
        dispatchers.close();
        store.close();
        buses.close();
    }

    /** Remembers what the dispatchers told. */
    static final class RecordingListener implements DeliveryListener {
        final List<CircuitState> circuit = new CopyOnWriteArrayList<>();
        final List<String> deadLettered = new CopyOnWriteArrayList<>();
        final List<Outcome.Kind> failed = new CopyOnWriteArrayList<>();
        final Map<String, Long> skipped = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void circuit(String subscriptionId, CircuitState state) {
            circuit.add(state);
        }

        @Override
        public void deadLettered(String subscriptionId, String reason) {
            deadLettered.add(reason);
        }

        @Override
        public void failed(String subscriptionId, Outcome.Kind kind) {
            failed.add(kind);
        }

        volatile long lagEvents;
        volatile double lagSeconds;
        /** The threads that reported a retry scheduled: the ones that wrote it to the store. */
        final List<String> retriedOn = new CopyOnWriteArrayList<>();

        @Override
        public void retried(String subscriptionId) {
            retriedOn.add(Thread.currentThread().getName());
        }

        @Override
        public void skipped(String subscriptionId, long count) {
            skipped.merge(subscriptionId, count, Long::sum);
        }

        @Override
        public void lag(String subscriptionId, long events, double seconds) {
            lagEvents = events;
            lagSeconds = seconds;
        }
    }
}
