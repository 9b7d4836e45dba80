package dev.tributary.broker.delivery;

import dev.tributary.broker.Buses;
import dev.tributary.broker.store.Attempt;
import dev.tributary.broker.store.MetadataStore;
import dev.tributary.broker.store.Retry;
import dev.tributary.broker.subscription.Subscription;
import dev.tributary.broker.subscription.Subscriptions;
import dev.tributary.core.filter.Filter;
import dev.tributary.log.ReadBatch;
import dev.tributary.log.StoredEvent;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What happened to a subscription's deliveries, for the API: its attempt log, its pending retries, the state of one
 * event's delivery, its dead letters; and the redrive of dead letters back through the subscription. Reads the
 * metadata store and the dead-letter bus; thread-safe; unknown subscriptions throw
 * {@code SubscriptionNotFoundException}.
 */
public final class DeliveryRecords {
    /** Dead letters scanned per partition read. */
    private static final int SCAN_BATCH = 500;

    private final MetadataStore store;
    private final Buses buses;
    private final Subscriptions subscriptions;
    private final Clock clock;
    private final Function<String, CircuitView> circuits;

    public DeliveryRecords(MetadataStore store, Buses buses, Subscriptions subscriptions, Clock clock) {
        this(store, buses, subscriptions, clock, id -> CircuitView.IDLE);
    }

    /** @param circuits each subscription's circuit, by id ({@link Dispatchers#circuitView}) */
    public DeliveryRecords(MetadataStore store, Buses buses, Subscriptions subscriptions, Clock clock,
            Function<String, CircuitView> circuits) {
        this.store = store;
        this.buses = buses;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.circuits = circuits;
    }

    /** The circuit of a subscription the caller knows: whether its sink is being left alone, and until when. */
    public CircuitView circuit(String id) {
        return circuits.apply(id);
    }

    /** The latest attempts, newest first, from before {@code beforeSequence} ({@link Long#MAX_VALUE}: the latest). */
    public List<Attempt> attempts(String id, int limit, long beforeSequence) {
        subscriptions.get(id);
        return store.attempts().bySubscription(id, limit, beforeSequence);
    }

    /** Every attempt at one event, oldest first. */
    public List<Attempt> attemptsOf(String id, String source, String eventId) {
        subscriptions.get(id);
        return store.attempts().byEvent(id, source, eventId);
    }

    /**
     * Pending retries, in a stable order, after {@code cursor} (null: from the first), each due when its attempt will
     * really go out: while the circuit is open, not before its next probe.
     */
    public List<Retry> retries(String id, int limit, String cursor) {
        subscriptions.get(id);
        CircuitView circuit = circuits.apply(id);
        return store.retries().list(id, limit, cursor).stream()
                .map(r -> r.parked() ? r : r.dueAt(circuit.attemptAt(r.dueAt())))
                .toList();
    }

    /** Where one event's delivery stands. */
    public enum State {
        /** No attempt is recorded: not reached yet, or the event does not match the subscription's filters. */
        PENDING,
        /** An attempt failed and another is scheduled ({@link DeliveryState#nextAttemptAt}). */
        RETRYING,
        /** A sink accepted it. */
        DELIVERED,
        /** It went to the dead-letter bus. */
        DEAD_LETTERED,
        /** The sink answered 410 Gone: the subscription is paused and the event waits for resume. */
        PAUSED
    }

    /**
     * @param nextAttemptAt when retrying, when the next attempt is due
     * @param attempts the attempts recorded, oldest first
     */
    public record DeliveryState(State state, Optional<Instant> nextAttemptAt, List<Attempt> attempts) {}

    /** The state of the delivery of the event {@code source}+{@code eventId}, derived from its attempts and retries. */
    public DeliveryState state(String id, String source, String eventId) {
        Subscription subscription = subscriptions.get(id);
        List<Attempt> attempts = store.attempts().byEvent(id, source, eventId);
        if (attempts.isEmpty()) {
            return new DeliveryState(State.PENDING, Optional.empty(), attempts);
        }
        Attempt last = attempts.get(attempts.size() - 1);
        Optional<Retry> retry = store.retries().find(id, last.partition(), last.offset());
        if (retry.isPresent()) {
            Instant due = circuits.apply(id).attemptAt(retry.get().dueAt());
            return new DeliveryState(State.RETRYING, Optional.of(due), attempts);
        }
        State state = switch (last.outcome()) {
            case "DELIVERED" -> State.DELIVERED;
            case "GONE" -> subscription.state() == Subscription.State.PAUSED ? State.PAUSED : State.PENDING;
            // a failure without a pending retry: the limits ran out, or the sink refused it
            default -> State.DEAD_LETTERED;
        };
        return new DeliveryState(state, Optional.empty(), attempts);
    }

    /** A dead letter of the subscription: where it is in the dead-letter bus, and the event with its cause. */
    public record DeadLetter(long offset, CloudEvent event) {}

    /**
     * The subscription's dead letters in its dead-letter bus from {@code fromOffset}, those that {@code filter}
     * matches, at most {@code limit}; and where to continue.
     */
    public record DeadLetterPage(List<DeadLetter> deadLetters, long next) {}

    public DeadLetterPage deadLetters(String id, Filter filter, long fromOffset, int limit) {
        Subscription subscription = subscriptions.get(id);
        var bus = buses.find(subscription.spec().delivery().deadLetterBus());
        List<DeadLetter> found = new ArrayList<>();
        if (bus.isEmpty()) {
            return new DeadLetterPage(found, 0);
        }
        long offset = Math.max(fromOffset, bus.get().log().state(0).startOffset());
        long end = bus.get().log().state(0).endOffset();
        while (offset < end && found.size() < limit) {
            ReadBatch batch = bus.get().log().read(0, offset, SCAN_BATCH, 4L << 20);
            for (StoredEvent stored : batch.events()) {
                offset = stored.offset() + 1;
                CloudEvent event = stored.event();
                if (id.equals(String.valueOf(event.getExtension(DeadLetters.SUBSCRIPTION))) && filter.matches(event)) {
                    found.add(new DeadLetter(stored.offset(), event));
                    if (found.size() == limit) {
                        break;
                    }
                }
            }
            if (batch.events().isEmpty()) {
                break;
            }
        }
        return new DeadLetterPage(found, offset);
    }

    /**
     * What one page of a redrive did: dead letters scheduled again, those skipped for having no position, where the
     * next page starts in the dead-letter bus, and whether this page reached the end of it.
     */
    public record Redrive(int scheduled, int withoutPosition, long next, boolean done) {}

    /** The most dead-letter bus records one redrive call reads, whatever it is asked: the bound on a call's cost. */
    public static final int MAX_REDRIVE_SCAN = 10_000;

    /**
     * Delivers again the subscription's dead letters that {@code filter} matches among the next {@code maxScanned}
     * records of its dead-letter bus from {@code fromOffset}, from the subscription's bus (each dead letter names the
     * partition and offset it came from): each becomes a retry due now, attempt count reset, all of a page scheduled
     * in one transaction. A redrive of many dead letters is a series of such pages ({@link Redrive#next}), so that one
     * call costs at most {@link #MAX_REDRIVE_SCAN} reads and one write, however many dead letters there are. Dead
     * letters without a position (written before positions were recorded) are counted, not redriven; an event that
     * retention has since removed from the bus is dropped by the retry loop as for any retry.
     *
     * @param maxScanned 1..{@link #MAX_REDRIVE_SCAN}
     */
    public Redrive redrive(String id, Filter filter, long fromOffset, int maxScanned) {
        if (maxScanned < 1 || maxScanned > MAX_REDRIVE_SCAN) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_REDRIVE_SCAN + ", was " + maxScanned);
        }
        Subscription subscription = subscriptions.get(id);
        var bus = buses.find(subscription.spec().delivery().deadLetterBus());
        if (bus.isEmpty()) {
            return new Redrive(0, 0, 0, true);
        }
        long offset = Math.max(fromOffset, bus.get().log().state(0).startOffset());
        long end = Math.min(bus.get().log().state(0).endOffset(), offset + maxScanned);
        Instant now = clock.instant();
        List<Retry> retries = new ArrayList<>();
        int withoutPosition = 0;
        while (offset < end) {
            ReadBatch batch = bus.get().log().read(0, offset, (int) Math.min(SCAN_BATCH, end - offset), 4L << 20);
            if (batch.events().isEmpty()) {
                break;
            }
            for (StoredEvent stored : batch.events()) {
                offset = stored.offset() + 1;
                CloudEvent event = stored.event();
                if (!id.equals(String.valueOf(event.getExtension(DeadLetters.SUBSCRIPTION))) || !filter.matches(event)) {
                    continue;
                }
                Object partition = event.getExtension(DeadLetters.PARTITION);
                Object from = event.getExtension(DeadLetters.OFFSET);
                if (!(partition instanceof Integer p) || from == null) {
                    withoutPosition++;
                    continue;
                }
                retries.add(new Retry(id, p, Long.parseLong(from.toString()), event.getId(),
                        event.getSource().toString(), null, subscription.spec().delivery().priorityOf(event), 0, now,
                        now, -1, null));
            }
        }
        store.retries().scheduleAll(id, retries);
        return new Redrive(retries.size(), withoutPosition, offset, offset >= bus.get().log().state(0).endOffset());
    }
}
