package dev.tributary.eventstore;

import dev.tributary.broker.group.GroupEngine;
import dev.tributary.core.eventstore.ConsumerGroup;
import dev.tributary.core.eventstore.GroupSpec;
import dev.tributary.core.eventstore.GroupStats;
import dev.tributary.core.eventstore.LeasedEvent;
import dev.tributary.core.eventstore.ParkedEvent;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** A consumer group of the embedded store: its engine, called on the caller's thread. */
final class EmbeddedGroup implements ConsumerGroup {
    private final GroupEngine engine;
    private final Runnable ensureOpen;

    EmbeddedGroup(GroupEngine engine, Runnable ensureOpen) {
        this.engine = engine;
        this.ensureOpen = ensureOpen;
    }

    @Override
    public String name() {
        return engine.spec().name();
    }

    @Override
    public GroupSpec spec() {
        return engine.spec();
    }

    @Override
    public List<LeasedEvent> fetch(String consumer, int max) {
        return call(() -> engine.fetch(consumer, max).stream()
                .map(d -> new LeasedEvent(Recorded.of(d.event()), d.deliveries(), Instant.ofEpochMilli(d.leaseUntil())))
                .toList());
    }

    @Override
    public void ack(String consumer, List<Long> positions) {
        call(() -> {
            engine.ack(consumer, positions);
            return null;
        });
    }

    @Override
    public void nack(String consumer, List<Long> positions, String reason) {
        call(() -> {
            engine.nack(consumer, positions, reason);
            return null;
        });
    }

    @Override
    public void park(String consumer, List<Long> positions, String reason) {
        call(() -> {
            engine.park(consumer, positions, reason == null ? "parked by " + consumer : reason);
            return null;
        });
    }

    @Override
    public GroupStats stats() {
        return call(engine::stats);
    }

    @Override
    public List<ParkedEvent> parked(long fromPosition, int limit) {
        return call(() -> engine.parked(fromPosition, limit));
    }

    @Override
    public int replayParked(List<Long> positions) {
        return call(() -> engine.replay(positions));
    }

    @Override
    public int dropParked(List<Long> positions) {
        return call(() -> engine.drop(positions));
    }

    private <T> T call(Supplier<T> work) {
        ensureOpen.run();
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw EmbeddedEventStore.translate(e);
        }
    }
}
