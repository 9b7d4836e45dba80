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

    public DeliveryRecords(MetadataStore store, Buses buses, Subscriptions subscriptions, Clock clock) {
        this.store = store;
        this.buses = buses;
        this.subscriptions = subscriptions;
        this.clock = clock;
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

    /** Pending retries, in a stable order, after {@code cursor} (null: from the first). */
    public List<Retry> retries(String id, int limit, String cursor) {
        subscriptions.get(id);
        return store.retries().list(id, limit, cursor);
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
            return new DeliveryState(State.RETRYING, Optional.of(retry.get().dueAt()), attempts);
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

    /** What a redrive did. */
    public record Redrive(int scheduled, int withoutPosition) {}

    /**
     * Delivers the subscription's dead letters that {@code filter} matches again, from the subscription's bus (each
     * dead letter names the partition and offset it came from): each becomes a retry due now, attempt count reset.
     * Dead letters without a position (written before positions were recorded) are counted, not redriven; an event
     * that retention has since removed from the bus is dropped by the retry loop as for any retry.
     */
    public Redrive redrive(String id, Filter filter) {
        Subscription subscription = subscriptions.get(id);
        Instant now = clock.instant();
        int scheduled = 0;
        int withoutPosition = 0;
        long from = 0;
        while (true) {
            DeadLetterPage page = deadLetters(id, filter, from, SCAN_BATCH);
            for (DeadLetter d : page.deadLetters()) {
                CloudEvent event = d.event();
                Object partition = event.getExtension(DeadLetters.PARTITION);
                Object offset = event.getExtension(DeadLetters.OFFSET);
                if (!(partition instanceof Integer p) || offset == null) {
                    withoutPosition++;
                    continue;
                }
                store.retries().schedule(new Retry(id, p, Long.parseLong(offset.toString()), event.getId(),
                        event.getSource().toString(), null, subscription.spec().delivery().priorityOf(event), 0, now,
                        now, -1, null));
                scheduled++;
            }
            if (page.deadLetters().size() < SCAN_BATCH) {
                return new Redrive(scheduled, withoutPosition);
            }
            from = page.next();
        }
    }
}
