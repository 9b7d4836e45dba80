package dev.tributary.broker.group;

import dev.tributary.broker.Bus;
import dev.tributary.core.eventstore.GroupSpec;
import dev.tributary.core.eventstore.GroupStats;
import dev.tributary.core.eventstore.LeaseLostException;
import dev.tributary.core.eventstore.ParkedEvent;
import dev.tributary.core.eventstore.PositionOutOfRangeException;
import dev.tributary.core.filter.Filter;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.BusLog;
import dev.tributary.log.IndexKey;
import dev.tributary.log.StoredEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine of one consumer group (a persistent subscription) over a bus's global order: consumers pull batches of
 * events with a lease, then ack, nack (retried after the back-off) or park each. An event whose lease runs out goes to the next
 * consumer that fetches; one delivered {@code maxDeliveries} times without an ack is parked.
 *
 * <pre>
 * log ──read ahead (≤ maxPending)──▶ pending ──fetch──▶ leased ──ack──▶ gone (checkpoint moves past it)
 *                                      ▲   ◀──lease expires──┘ │ ──nack──▶ retry after back-off (pending)
 *                                      └────────replay─────── parked ◀──park / too many deliveries──┘
 * </pre>
 *
 * <p>With an {@link GroupSpec.Ordering ordering key}, only the first pending event of each key can be leased: the
 * events of one stream go one at a time, in order, while a key waiting for a retry does not hold up the others.
 *
 * <p>Durable: acks, retries and parks are committed to the {@link GroupStore} before the call returns; leases are
 * not, so after a crash every event not acked is delivered again and nothing acked is. Thread-safe (its monitor);
 * calls are short (reads of the log run under it, bounded by {@code maxPending}); an ack's commit runs outside it.
 */
public final class GroupEngine {
    /** The most events one ack, nack, park, replay or drop names. */
    public static final int MAX_POSITIONS = 1_000;
    private static final int READ_PAGE = 500;

    private final GroupSpec spec;
    private final BusLog log;
    private final GroupStore store;
    private final Clock clock;
    private final IndexKey key;
    private final Filter filter;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final TreeMap<Long, Pending> settling = new TreeMap<>(); // acked, the ack not yet durable
    private final Set<Long> ackedAhead = new HashSet<>(); // acked at or above the frontier after a restart
    private final Set<Long> parkedAhead = new HashSet<>();
    private final Map<String, Long> consumersSeen = new HashMap<>(); // consumer -> last fetch, millis
    private final AtomicLong redeliveries = new AtomicLong();
    private long frontier; // the next position to read from the log
    private long checkpoint; // every position below is acked or parked
    private int parkedCount;

    /** An event read and not yet settled. */
    private static final class Pending {
        final StoredEvent event;
        final String key; // null: waits for nothing
        int deliveries;
        boolean stored; // a row of it (a retry) is in the store
        String owner; // null: not leased
        long leaseUntil;
        long notBefore;

        Pending(StoredEvent event, String key) {
            this.event = event;
            this.key = key;
        }
    }

    /** An event handed to a consumer: settle it by its position before {@code leaseUntil}. */
    public record Delivery(StoredEvent event, int deliveries, long leaseUntil) {}

    GroupEngine(GroupSpec spec, Bus bus, GroupStore store, Clock clock, long checkpoint, List<GroupStore.Row> rows) {
        this.spec = spec;
        this.log = bus.log();
        this.store = store;
        this.clock = clock;
        this.key = switch (spec.selection().kind()) {
            case ALL -> null;
            case CATEGORY -> IndexKey.category(spec.selection().value());
            case EVENT_TYPE -> IndexKey.eventType(spec.selection().value());
        };
        this.filter = spec.selection().filter() == null ? null : Filter.cesql(spec.selection().filter());
        this.checkpoint = checkpoint;
        this.frontier = checkpoint;
        for (GroupStore.Row r : rows) {
            switch (r.state()) {
                case ACKED -> ackedAhead.add(r.position());
                case PARKED -> {
                    parkedAhead.add(r.position());
                    parkedCount++;
                }
                case RETRY -> restoreRetry(r);
            }
        }
    }

    /** A retry stored below the checkpoint (a replayed parked event) is read back by its position. */
    private void restoreRetry(GroupStore.Row r) {
        StoredEvent e = eventAt(r.position());
        if (e != null) {
            Pending p = new Pending(e, keyOf(e));
            p.deliveries = r.deliveries();
            p.notBefore = r.notBefore();
            p.stored = true;
            pending.put(r.position(), p);
        }
    }

    public GroupSpec spec() {
        return spec;
    }

    /**
     * Leases up to {@code max} events to {@code consumer}: first those due again (expired leases, retries whose
     * back-off has passed), then new ones, in position order, one per ordering key.
     */
    public synchronized List<Delivery> fetch(String consumer, int max) {
        requireConsumer(consumer);
        if (max < 1 || max > 1000) {
            throw new IllegalArgumentException("max must be within 1..1000, was " + max);
        }
        long now = clock.millis();
        consumersSeen.put(consumer, now);
        expireLeases(now);
        readAhead();
        List<Delivery> out = new ArrayList<>(Math.min(max, pending.size()));
        Set<String> keysSeen = new HashSet<>();
        for (Pending p : settling.values()) {
            if (p.key != null) {
                keysSeen.add(p.key); // its ack may yet fail: the key's next event waits until it is durable
            }
        }
        for (Pending p : pending.values()) {
            if (out.size() == max) {
                break;
            }
            if (p.key != null && !keysSeen.add(p.key)) {
                continue; // an earlier event of its key is not settled yet
            }
            if (p.owner != null || p.notBefore > now) {
                continue;
            }
            if (p.deliveries > 0) {
                redeliveries.incrementAndGet();
            }
            p.deliveries++;
            p.owner = consumer;
            p.leaseUntil = now + spec.lease().toMillis();
            out.add(new Delivery(p.event, p.deliveries, p.leaseUntil));
        }
        return out;
    }

    /** Leases that ran out go back; an event out of deliveries is parked. */
    private void expireLeases(long now) {
        List<Long> exhausted = new ArrayList<>();
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (p.owner != null && p.leaseUntil <= now) {
                p.owner = null;
                if (p.deliveries >= spec.maxDeliveries()) {
                    exhausted.add(e.getKey());
                }
            }
        }
        if (!exhausted.isEmpty()) {
            park(exhausted, "the lease ran out after " + spec.maxDeliveries() + " deliveries", now);
        }
    }

    /** Reads events from the frontier until {@code maxPending} are pending or the log has no more. */
    private void readAhead() {
        long end = log.endPosition();
        while (pending.size() < spec.maxPending() && frontier < end) {
            AllReadBatch batch;
            try {
                batch = key == null ? log.readAll(frontier, READ_PAGE, 8L << 20)
                        : log.readIndex(key, frontier, true, READ_PAGE, 8L << 20);
            } catch (PositionOutOfRangeException e) {
                frontier = Math.max(frontier, e.firstPosition()); // retention took them: nobody will get them
                continue;
            }
            for (StoredEvent e : batch.events()) {
                long position = e.globalPosition();
                if (ackedAhead.remove(position) || parkedAhead.remove(position) || pending.containsKey(position)) {
                    continue;
                }
                if (filter == null || filter.matches(e.event())) {
                    pending.put(position, new Pending(e, keyOf(e)));
                }
            }
            if (batch.nextPosition() <= frontier) {
                break;
            }
            frontier = batch.nextPosition();
        }
        if (pending.isEmpty()) {
            moveCheckpoint(); // a stretch the filter left out
        }
    }

    private String keyOf(StoredEvent e) {
        return switch (spec.ordering()) {
            case NONE -> null;
            case STREAM -> e.stream();
            case PARTITION_KEY -> {
                Object k = e.event().getExtension(Bus.PARTITION_KEY);
                yield k == null ? null : k.toString();
            }
            case SUBJECT -> e.event().getSubject();
        };
    }

    /**
     * The events are done with: the checkpoint moves past them. The commit runs outside the group's monitor, so that
     * the acks of concurrent consumers share one ({@link GroupStore#settle}); until it is durable the events are
     * {@code settling}: no fetch hands them out and no checkpoint passes them.
     */
    public void ack(String consumer, List<Long> positions) {
        List<GroupStore.Row> rows = new ArrayList<>();
        List<Long> cleared = new ArrayList<>();
        List<Pending> held;
        long written;
        synchronized (this) {
            long now = clock.millis();
            held = held(consumer, positions, now);
            for (Pending p : held) {
                pending.remove(p.event.globalPosition());
            }
            written = lowestUnsettled();
            for (Pending p : held) {
                long position = p.event.globalPosition();
                settling.put(position, p);
                if (position >= written) {
                    rows.add(new GroupStore.Row(position, GroupStore.State.ACKED, p.deliveries, 0, null, now));
                } else if (p.stored) {
                    cleared.add(position); // below the checkpoint: its stored retry goes, nothing replaces it
                }
            }
        }
        RuntimeException failure = null;
        try {
            store.settle(spec.name(), rows, cleared, written);
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (this) {
            for (Pending p : held) {
                settling.remove(p.event.globalPosition());
                if (failure != null) {
                    pending.put(p.event.globalPosition(), p); // not durable: still the consumer's
                }
            }
            if (failure == null) {
                checkpoint = Math.max(checkpoint, written);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The events failed: each is delivered again after the back-off, or parked when out of deliveries. */
    public synchronized void nack(String consumer, List<Long> positions, String reason) {
        long now = clock.millis();
        List<Pending> held = held(consumer, positions, now);
        List<Long> exhausted = new ArrayList<>();
        List<GroupStore.Row> rows = new ArrayList<>();
        for (Pending p : held) {
            if (p.deliveries >= spec.maxDeliveries()) {
                exhausted.add(p.event.globalPosition());
                continue;
            }
            long notBefore = now + spec.backoff().delayBefore(p.deliveries, ThreadLocalRandom.current().nextDouble())
                    .toMillis();
            rows.add(new GroupStore.Row(p.event.globalPosition(), GroupStore.State.RETRY, p.deliveries, notBefore,
                    reason, now));
        }
        store.settle(spec.name(), rows, List.of(), checkpoint);
        for (Pending p : held) {
            if (!exhausted.contains(p.event.globalPosition())) {
                p.owner = null;
                p.stored = true;
                for (GroupStore.Row r : rows) {
                    if (r.position() == p.event.globalPosition()) {
                        p.notBefore = r.notBefore();
                    }
                }
            }
        }
        if (!exhausted.isEmpty()) {
            park(exhausted, reason == null ? "out of deliveries" : reason, now);
        }
    }

    /** The consumer gives up on the events: they are parked for an operator. */
    public synchronized void park(String consumer, List<Long> positions, String reason) {
        long now = clock.millis();
        List<Pending> held = held(consumer, positions, now);
        park(held.stream().map(p -> p.event.globalPosition()).toList(), reason, now);
    }

    private void park(List<Long> positions, String reason, long now) {
        List<GroupStore.Row> rows = new ArrayList<>();
        List<Pending> taken = new ArrayList<>();
        for (long position : positions) {
            Pending p = pending.remove(position);
            if (p != null) {
                taken.add(p);
                rows.add(new GroupStore.Row(position, GroupStore.State.PARKED, p.deliveries, 0, reason, now));
            }
        }
        long before = checkpoint;
        moveCheckpointInMemory();
        try {
            store.settle(spec.name(), rows, List.of(), checkpoint);
        } catch (RuntimeException e) {
            taken.forEach(p -> pending.put(p.event.globalPosition(), p));
            checkpoint = before;
            throw e;
        }
        parkedCount += rows.size();
    }

    /** The parked events from {@code fromPosition}, at most {@code limit}, with why and how often delivered. */
    public List<ParkedEvent> parked(long fromPosition, int limit) {
        if (fromPosition < 0 || limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("fromPosition must be >= 0 and limit within 1..10000, was "
                    + fromPosition + " and " + limit);
        }
        return store.parked(spec.name(), fromPosition, limit).stream()
                .map(r -> new ParkedEvent(r.position(), r.deliveries(), r.reason(), Instant.ofEpochMilli(r.at())))
                .toList();
    }

    /** Parked events go back to be delivered, their delivery count reset. */
    public synchronized int replay(List<Long> positions) {
        requirePositions(positions);
        long now = clock.millis();
        List<GroupStore.Row> rows = new ArrayList<>();
        for (GroupStore.Row r : parkedRows(positions)) {
            StoredEvent e = eventAt(r.position());
            if (e != null) {
                Pending p = new Pending(e, keyOf(e));
                p.stored = true;
                pending.put(r.position(), p);
                rows.add(new GroupStore.Row(r.position(), GroupStore.State.RETRY, 0, now, "replayed", now));
            }
        }
        store.settle(spec.name(), rows, List.of(), checkpoint);
        parkedCount -= rows.size();
        return rows.size();
    }

    /** Parked events are dropped for good. */
    public synchronized int drop(List<Long> positions) {
        requirePositions(positions);
        List<Long> found = parkedRows(positions).stream().map(GroupStore.Row::position).toList();
        store.settle(spec.name(), List.of(), found, checkpoint);
        parkedCount -= found.size();
        return found.size();
    }

    private List<GroupStore.Row> parkedRows(List<Long> positions) {
        Set<Long> wanted = new HashSet<>(positions);
        List<GroupStore.Row> out = new ArrayList<>();
        for (GroupStore.Row r : store.parked(spec.name(), 0, Integer.MAX_VALUE)) {
            if (wanted.contains(r.position())) {
                out.add(r);
            }
        }
        return out;
    }

    public synchronized GroupStats stats() {
        long now = clock.millis();
        int inFlight = 0;
        for (Pending p : pending.values()) {
            inFlight += p.owner != null && p.leaseUntil > now ? 1 : 0;
        }
        int consumers = 0;
        for (long seen : consumersSeen.values()) {
            consumers += now - seen <= spec.lease().toMillis() ? 1 : 0;
        }
        consumersSeen.values().removeIf(seen -> now - seen > spec.lease().toMillis());
        return new GroupStats(checkpoint, Math.max(0, log.endPosition() - checkpoint), pending.size(), inFlight,
                parkedCount, redeliveries.get(), consumers);
    }

    /** Checks a consumer's name: 1-128 characters, no control characters. */
    public static String requireConsumer(String consumer) {
        if (consumer == null || consumer.isEmpty() || consumer.length() > 128
                || consumer.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("consumer is required: 1-128 characters naming the consumer, was "
                    + (consumer == null ? "missing" : "'" + consumer + "'"));
        }
        return consumer;
    }

    /** The events {@code consumer} holds a live lease on, or a {@link LeaseLostException} naming those it does not. */
    private List<Pending> held(String consumer, List<Long> positions, long now) {
        requireConsumer(consumer);
        requirePositions(positions);
        List<Pending> held = new ArrayList<>(positions.size());
        List<Long> lost = new ArrayList<>();
        boolean expired = false;
        for (long position : positions) {
            Pending p = pending.get(position);
            if (p == null || !consumer.equals(p.owner)) {
                lost.add(position);
            } else if (p.leaseUntil <= now) {
                lost.add(position);
                expired = true;
            } else {
                held.add(p);
            }
        }
        if (!lost.isEmpty()) {
            throw new LeaseLostException(spec.name(), consumer, lost,
                    expired ? "a lease expired" : "not delivered to this consumer, or settled already");
        }
        return held;
    }

    private static void requirePositions(List<Long> positions) {
        if (positions == null || positions.isEmpty() || positions.size() > MAX_POSITIONS) {
            throw new IllegalArgumentException("positions must name 1.." + MAX_POSITIONS + " events, was "
                    + (positions == null ? "missing" : positions.size()));
        }
    }

    private void moveCheckpoint() {
        long before = checkpoint;
        moveCheckpointInMemory();
        if (checkpoint != before) {
            store.settle(spec.name(), List.of(), List.of(), checkpoint);
        }
    }

    private void moveCheckpointInMemory() {
        checkpoint = Math.max(checkpoint, lowestUnsettled());
    }

    /** The lowest position not acked durably nor parked: of the pending, the settling, or the frontier. */
    private long lowestUnsettled() {
        long lowest = pending.isEmpty() ? frontier : pending.firstKey();
        return settling.isEmpty() ? lowest : Math.min(lowest, settling.firstKey());
    }

    private StoredEvent eventAt(long position) {
        try {
            AllReadBatch one = log.readAll(position, 1, Long.MAX_VALUE);
            return one.events().isEmpty() || one.events().get(0).globalPosition() != position ? null
                    : one.events().get(0);
        } catch (PositionOutOfRangeException e) {
            return null;
        }
    }
}
