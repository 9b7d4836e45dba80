package dev.tributary.broker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.broker.Bus;
import dev.tributary.broker.BusNotFoundException;
import dev.tributary.broker.Buses;
import dev.tributary.broker.LimitReachedException;
import dev.tributary.broker.store.MetadataStore;
import dev.tributary.broker.store.RevisionConflictException;
import dev.tributary.broker.store.StoredSubscription;
import dev.tributary.broker.store.SubscriptionNotFoundException;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.delivery.WebhookSecret;
import dev.tributary.core.filter.EvaluationErrors;
import dev.tributary.log.BusLog;
import dev.tributary.log.PartitionState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The subscriptions of a node: create, read, update, delete, pause, resume and reset them, kept in the
 * {@link MetadataStore}. A definition is checked in full before anything is written ({@link InvalidFieldException}
 * naming the member); updating a subscription keeps its committed offsets and pending retries.
 *
 * <p>Creating a subscription records its start offsets at once (so {@code latest} means "from now", not "from when the
 * dispatcher first looks"). Its dead-letter bus is created by the first dead letter (1 partition, 14 days): a bus
 * costs a writer thread and buffers, which a thousand subscriptions that never fail should not pay. Thread-safe: concurrent
 * changes to one subscription are serialized by the store's revisions; a change that loses the race is retried on the
 * fresh revision. Unknown ids throw {@link SubscriptionNotFoundException}, unknown buses {@link BusNotFoundException}.
 */
public final class Subscriptions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int CHANGE_TRIES = 5;

    private final MetadataStore store;
    private final Buses buses;
    private final Clock clock;
    private final Function<String, EvaluationErrors> evaluationErrors;
    private final SecureRandom random = new SecureRandom();
    private final List<SubscriptionListener> listeners = new CopyOnWriteArrayList<>();
    private static final System.Logger LOG = System.getLogger(Subscriptions.class.getName());

    /**
     * @param evaluationErrors per subscription id, where its filters report evaluation errors (a metric counter)
     */
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 10_000;

    private final int maxSubscriptions;

    public Subscriptions(
            MetadataStore store, Buses buses, Clock clock, Function<String, EvaluationErrors> evaluationErrors) {
        this(store, buses, clock, evaluationErrors, DEFAULT_MAX_SUBSCRIPTIONS);
    }

    /** @param maxSubscriptions the most subscriptions the node keeps (setting {@code max-subscriptions}) */
    public Subscriptions(MetadataStore store, Buses buses, Clock clock,
            Function<String, EvaluationErrors> evaluationErrors, int maxSubscriptions) {
        this.store = store;
        this.buses = buses;
        this.clock = clock;
        this.evaluationErrors = evaluationErrors;
        this.maxSubscriptions = maxSubscriptions;
    }

    /** Tells {@code listener} about every change from now on. */
    public void addListener(SubscriptionListener listener) {
        listeners.add(listener);
    }

    private <T> T changed(String id, T result) {
        tell(id, listener -> listener.changed(id));
        return result;
    }

    private void tell(String id, Consumer<SubscriptionListener> call) {
        for (SubscriptionListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "subscription '" + id + "': a change listener failed", e);
            }
        }
    }

    /**
     * Checks and stores a new subscription; {@code SubscriptionExistsException} if its id is taken,
     * {@link LimitReachedException} if the node has {@code max-subscriptions} already. Creations are serialized, so
     * the count is exact.
     */
    public synchronized Subscription create(JsonNode definition) {
        if (store.subscriptions().list(null).size() >= maxSubscriptions) {
            throw new LimitReachedException("subscriptions", maxSubscriptions, "max-subscriptions");
        }
        SubscriptionSpec spec =
                withDefaultSigning(SubscriptionSpec.fromJson(definition, newId(), EvaluationErrors.ignore()));
        Bus bus = buses.get(spec.bus());
        requireTargets(spec);
        Map<Integer, Long> start = resolve(bus.log(), spec.startAt(), "startAt");
        StoredSubscription stored = store.subscriptions().create(
                spec.id(), spec.bus(), Subscription.document(spec, Subscription.State.ACTIVE, null), clock.instant());
        store.cursors().reset(spec.id(), start);
        return changed(spec.id(), view(stored));
    }

    public Subscription get(String id) {
        return view(store.subscriptions().get(id).orElseThrow(() -> new SubscriptionNotFoundException(id)));
    }

    /** All subscriptions, or those of one bus, by id. */
    public List<Subscription> list(String busOrNull) {
        return store.subscriptions().list(busOrNull).stream().map(this::view).toList();
    }

    /**
     * Replaces the definition of a subscription, keeping its id, bus, state, offsets and pending retries. A credential
     * sent back redacted ({@code "***"}) keeps the stored one.
     *
     * @param expectedRevision when present, the update applies only if the subscription is still at this revision
     * @throws RevisionConflictException if it is not
     */
    public Subscription update(String id, JsonNode definition, OptionalLong expectedRevision) {
        return change(id, expectedRevision, current -> {
            JsonNode restored = Redaction.restore(definition, current.spec().toJson(false));
            SubscriptionSpec next = SubscriptionSpec.fromJson(restored, id, EvaluationErrors.ignore());
            if (!next.id().equals(id)) {
                throw new InvalidFieldException("id", "cannot change: the subscription is '" + id + "'");
            }
            if (!next.bus().equals(current.spec().bus())) {
                throw new InvalidFieldException("bus", "cannot change from '" + current.spec().bus()
                        + "': create a new subscription for another bus");
            }
            next = withDefaultSigning(next);
            requireTargets(next);
            return Subscription.document(next, current.state(), current.pausedReason());
        });
    }

    /** Stops deliveries (pending retries wait); idempotent. */
    public Subscription pause(String id, String reason) {
        return change(id, OptionalLong.empty(),
                current -> Subscription.document(current.spec(), Subscription.State.PAUSED, reason));
    }

    /** Resumes deliveries from the committed offsets; idempotent. */
    public Subscription resume(String id) {
        return change(id, OptionalLong.empty(),
                current -> Subscription.document(current.spec(), Subscription.State.ACTIVE, null));
    }

    /**
     * Moves the subscription to {@code position} in every partition it names ({@link StartPosition.AtOffsets} names
     * some, the others name all), dropping the pending retries there. Returns the new offsets.
     */
    public Map<Integer, Long> reset(String id, StartPosition position) {
        Subscription current = get(id);
        BusLog log = buses.get(current.spec().bus()).log();
        Map<Integer, Long> offsets = resolve(log, position, "position");
        if (position instanceof StartPosition.AtOffsets at) {
            offsets.keySet().retainAll(at.offsets().keySet());
        }
        tell(id, listener -> listener.resetting(id));
        store.cursors().reset(id, offsets);
        return changed(id, offsets);
    }

    /** The secrets an HTTP sink's requests are signed with, newest first, unredacted: for the receiver to verify. */
    public List<WebhookSecret> signingSecrets(String id) {
        return get(id).spec().signing();
    }

    /** The committed offsets by partition. */
    public Map<Integer, Long> positions(String id) {
        get(id);
        return store.cursors().get(id);
    }

    /** Deletes the subscription with its offsets, retries and attempts; false if there was none. */
    public boolean delete(String id) {
        return changed(id, store.subscriptions().delete(id));
    }

    private Subscription change(String id, OptionalLong expectedRevision, Function<Subscription, String> next) {
        for (int attempt = 1; ; attempt++) {
            Subscription current = get(id);
            long revision = expectedRevision.orElse(current.revision());
            try {
                return changed(id, view(store.subscriptions().update(id, next.apply(current), revision, clock.instant())));
            } catch (RevisionConflictException e) {
                if (expectedRevision.isPresent() || attempt == CHANGE_TRIES) {
                    throw e;
                }
            }
        }
    }

    private Subscription view(StoredSubscription stored) {
        JsonNode document;
        try {
            document = JSON.readTree(stored.document());
        } catch (IOException e) {
            throw new UncheckedIOException("subscription '" + stored.id() + "': stored document is not JSON", e);
        }
        SubscriptionSpec spec =
                SubscriptionSpec.fromJson(document.path("spec"), stored.id(), evaluationErrors.apply(stored.id()));
        return new Subscription(
                spec,
                Subscription.state(document),
                document.hasNonNull("pausedReason") ? document.get("pausedReason").asText() : null,
                stored.revision(),
                stored.createdAt(),
                stored.updatedAt());
    }

    private void requireTargets(SubscriptionSpec spec) {
        if (spec.sink() instanceof SinkSpec.Bus target && buses.find(target.bus()).isEmpty()) {
            throw new InvalidFieldException("sink", "bus '" + target.bus() + "' does not exist");
        }
        if (spec.sink() instanceof SinkSpec.Bus target && target.bus().equals(spec.bus())) {
            throw new InvalidFieldException("sink", "cannot forward bus '" + spec.bus() + "' to itself");
        }
    }

    /** An HTTP sink without secrets gets one generated: every webhook request is signed. */
    private SubscriptionSpec withDefaultSigning(SubscriptionSpec spec) {
        if (spec.sink() instanceof SinkSpec.Http && spec.signing().isEmpty()) {
            return spec.withSigning(List.of(WebhookSecret.generate(random)));
        }
        return spec;
    }

    /**
     * The offset in each partition of the bus where {@code position} starts; explicit offsets must lie within what
     * the partition holds (an error names {@code field.<partition>}).
     */
    static Map<Integer, Long> resolve(BusLog log, StartPosition position, String field) {
        int partitions = log.config().partitions();
        Map<Integer, Long> offsets = new TreeMap<>();
        if (position instanceof StartPosition.AtOffsets at) {
            at.offsets().forEach((p, offset) -> {
                if (p >= partitions) {
                    throw new InvalidFieldException(field + "." + p, "the bus has partitions 0 to " + (partitions - 1));
                }
                PartitionState state = log.state(p);
                if (offset < state.startOffset() || offset > state.endOffset()) {
                    throw new InvalidFieldException(field + "." + p, "must be between the earliest offset "
                            + state.startOffset() + " and the end offset " + state.endOffset() + ", was " + offset);
                }
            });
        }
        for (int p = 0; p < partitions; p++) {
            PartitionState state = log.state(p);
            offsets.put(p, switch (position) {
                case StartPosition.Earliest e -> state.startOffset();
                case StartPosition.Latest l -> state.endOffset();
                case StartPosition.AtTime t -> log.offsetAt(p, t.time());
                case StartPosition.AtOffsets o -> o.offsets().getOrDefault(p, state.endOffset());
            });
        }
        return offsets;
    }

    private String newId() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
        }
        return "sub-" + new String(id);
    }
}
