package dev.tributary.broker.delivery;

import dev.tributary.broker.Bus;
import dev.tributary.broker.store.Retry;
import dev.tributary.broker.store.SubscriptionNotFoundException;
import dev.tributary.broker.subscription.DeliveryPolicy;
import dev.tributary.broker.subscription.StartPosition;
import dev.tributary.broker.subscription.Subscription;
import dev.tributary.broker.subscription.SubscriptionSpec;
import dev.tributary.core.delivery.Outcome;
import dev.tributary.core.transform.TransformException;
import dev.tributary.log.BusLog;
import dev.tributary.log.PartitionState;
import dev.tributary.log.StoredEvent;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The running delivery of one subscription: one {@link PartitionReader} per bus partition, one
 * {@link RetryLoop}, each on its own virtual thread, and one {@link Committer} that the node's {@link CommitBatcher}
 * writes; they share the subscription's max in-flight
 * {@link Permits}, its {@link CircuitBreaker} and its {@link RateLimiter}.
 *
 * <pre>
 * reader(p) ─┐                                                     ┌─ done: tracker(p) / retry removed
 *            ├─▶ breaker ▶ permit ▶ rate ▶ sink.send ─▶ OutcomeRouter ┼─ retry scheduled ─▶ RetryLoop
 * RetryLoop ─┘                                                     └─ dead letter / pause on 410
 * Committer: every 100 ms, through the node's CommitBatcher (one transaction for all subscriptions):
 *   attempts().recordAll + cursors().commitAll(contiguous prefixes)
 * </pre>
 *
 * <p>Priority: with priority rules, each partition is read by one reader per rule level (a {@linkplain Lanes lane},
 * highest first) plus one for every other event, each from the committed offset and each sending only its lane's
 * events. So when deliveries queue up behind a slow sink, a level-9 event at the end of a backlog of millions is found
 * by its lane and waits for the next permit beside the other lanes' next events, instead of behind the whole backlog;
 * the {@link Permits} go to the highest level waiting (with aging, so no lane starves). Memory stays one read batch
 * per lane; the cost is one more read of the backlog per lane. Within a lane, and for the {@code priority} extension,
 * each read batch goes highest first. The retry schedule is ordered by priority too.
 *
 * <p>{@code ordered} subscriptions also pass each keyed event through {@link OrderedKeys} (a {@link KeyGate} per
 * partition): it waits while an earlier event of its key is under way, and is parked in the retry schedule behind the
 * key's pending retry, so that order holds per key while other keys flow, and a key that is retrying never holds back
 * the others.
 *
 * <p>Owners: each reader owns its partition's read position; the trackers, permits, breaker and retry loop are
 * thread-safe and shared; an outcome that may write to the store is handled on the context's handler threads, never on
 * the sink's (see {@link #send}). Stopping never interrupts a thread (see {@link Running}). Made and driven by
 * {@link Dispatchers}.
 */
final class SubscriptionDispatcher {
    static final int READ_EVENTS = 100;
    static final long READ_BYTES = 1 << 20;
    /** What a sink gets beyond the policy's timeout to answer before the dispatcher counts the attempt as timed out. */
    static final Duration TIMEOUT_GRACE = Duration.ofSeconds(1);
    private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(30);
    private static final System.Logger LOG = System.getLogger(SubscriptionDispatcher.class.getName());

    private final Subscription subscription;
    private final SubscriptionSpec spec;
    private final DeliveryPolicy policy;
    private final Bus bus;
    private final Sink sink;
    private final DispatchContext context;
    private final Consumer<String> onGone;
    private final Runnable onBusGone;
    private final String sinkName;

    private final Running running = new Running();
    private final AtomicBoolean gone = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean closed;
    private final Permits permits;
    private final CircuitBreaker breaker;
    private final RateLimiter rate;
    private final SplittableRandom random = new SplittableRandom();
    private final Map<Integer, OffsetTracker> trackers = new HashMap<>();
    private final Lanes lanes;
    /**
     * Per partition, the offsets at or after the committed offset that already have a pending retry (scheduled after
     * the last commit before a stop or crash): the retry schedule owns them, so the reader passes over them instead of
     * sending them a second time and restarting their attempt count. Filled at start, emptied as the reader passes.
     */
    private final Map<Integer, Set<Long>> ownedByRetries = new HashMap<>();
    static final int MAX_OWNED_AT_START = 200_000;
    private final List<Thread> loops = new ArrayList<>();
    private Committer committer;
    private volatile RetryLoop retryLoop; // set at start, read by the breaker on outcome threads
    private OutcomeRouter router;
    private OrderedKeys keys;

    /**
     * @param onGone called on a thread of its own with the pause reason when the sink answered 410 Gone
     * @param onBusGone called on a thread of its own once the dispatcher stopped because its bus was deleted
     */
    SubscriptionDispatcher(Subscription subscription, Bus bus, Sink sink, String sinkName, DispatchContext context,
            Consumer<String> onGone, Runnable onBusGone) {
        this.subscription = subscription;
        this.spec = subscription.spec();
        this.policy = spec.delivery();
        this.bus = bus;
        this.sink = sink;
        this.sinkName = sinkName;
        this.context = context;
        this.onGone = onGone;
        this.onBusGone = onBusGone;
        this.permits = new Permits(policy.maxInFlight(), running);
        this.breaker = new CircuitBreaker(id(), policy.circuitBreaker(), policy.maxRetryAfter(), context.clock(),
                this::random, context.listener(), this::sinkRecovered);
        this.rate = new RateLimiter(policy.rateLimit());
        this.lanes = Lanes.of(policy);
    }

    String id() {
        return spec.id();
    }

    String busName() {
        return bus.name();
    }

    long revision() {
        return subscription.revision();
    }

    /** Starts delivering from the committed offsets (or the subscription's start position where it has none). */
    void start() {
        BusLog log = bus.log();
        Map<Integer, Long> offsets = startOffsets(log);
        offsets.forEach((p, offset) -> trackers.put(p, new OffsetTracker(offset, lanes.count())));
        offsets.forEach((p, offset) -> ownedByRetries.put(p, ConcurrentHashMap.newKeySet()));
        offsets.forEach((p, offset) ->
                ownedByRetries.get(p).addAll(context.store().retries().offsetsFrom(id(), p, offset, MAX_OWNED_AT_START)));
        committer = new Committer(id(), context.store(), log, trackers, offsets, context.listener(),
                context.commits()::wake);
        keys = new OrderedKeys(id(), policy.ordering() == DeliveryPolicy.Ordering.ORDERED, offsets.keySet(),
                context.store().retries(), context.clock(), running, this::completed);
        retryLoop = new RetryLoop(this, context.store().retries(), log, context.clock(), running, context.listener());
        router = new OutcomeRouter(this, policy, context.store().retries(),
                new DeadLetters(context.buses(), policy.deadLetterBus()), context.clock(), this::random,
                context.listener());
        String name = "tributary-dispatch-" + id();
        context.commits().add(committer);
        loops.add(Thread.ofVirtual().name(name + "-retries").start(retryLoop));
        offsets.forEach((p, offset) -> {
            for (int lane = 0; lane < lanes.count(); lane++) {
                loops.add(Thread.ofVirtual().name(name + "-" + p + lanes.suffix(lane))
                        .start(new PartitionReader(this, log, p, lane, offset, trackers.get(p), running, context)));
            }
        });
    }

    /**
     * Stops reading, waits (bounded by the attempt timeout) for the attempts under way to be handled, writes the last
     * progress and closes the sink. After it returns nothing of this dispatcher writes to the store any more, so a
     * reset can follow safely. Idempotent.
     */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        running.stop();
        if (retryLoop != null) {
            retryLoop.wake(Instant.MIN); // it naps between passes: wake it to see the stop now
        }
        // one deadline for all the loops, so that a stop is bounded whatever the number of partitions and lanes
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        for (Thread loop : loops) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!loop.join(Duration.ofNanos(left))) {
                    LOG.log(System.Logger.Level.WARNING, "subscription '" + id() + "': " + loop.getName()
                            + " did not stop within " + JOIN_MILLIS + " ms; it is left to end by itself");
                    loop.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            long wait = policy.timeout().plus(TIMEOUT_GRACE).plusSeconds(10).toNanos();
            if (!permits.awaitIdle(wait)) {
                LOG.log(System.Logger.Level.WARNING, "subscription '" + id() + "': " + permits.inUse()
                        + " attempts were still under way at stop; their events will be delivered again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        if (committer != null) {
            context.commits().remove(committer);
            try {
                committer.flush();
            } catch (SubscriptionNotFoundException deleted) {
                // deleted while it ran: there is nothing left to commit to
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "subscription '" + id()
                        + "': the last progress could not be written; the events since the last commit will be"
                        + " delivered again", e);
            }
        }
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "subscription '" + id() + "': closing its sink failed", e);
        }
    }

    /** Whether its loops still run: false after a stop or a 410. */
    boolean isRunning() {
        return running.on();
    }

    /** True once stopped: outcome handling writes nothing any more. */
    boolean closed() {
        return closed;
    }

    CircuitState circuit() {
        return breaker.state();
    }

    /** The circuit closed again: retries that fell due while it was open go out now, not at the loop's next look. */
    private void sinkRecovered() {
        RetryLoop loop = retryLoop;
        if (loop != null) {
            loop.wake(Instant.MIN);
        }
    }

    int waitingForPermits() {
        return permits.waiting();
    }

    /**
     * A batch of fresh events read by a partition reader of {@code lane}: {@link #select}s them, then sends what
     * matched. False if stopped meanwhile.
     */
    boolean dispatchBatch(List<StoredEvent> batch, OffsetTracker tracker, int lane) {
        return dispatchSelected(select(batch, tracker, lane));
    }

    /**
     * Picks the events of a batch that {@code lane} sends: those that do not match, belong to another lane, or whose
     * retry is already scheduled are passed at once; those it sends are reserved in the tracker, so that no commit
     * passes them before they are done, and come back highest priority first (in offset order for {@code ordered}
     * subscriptions). Never blocks: a {@link PartitionFeed} calls it for every member on its own thread, so passing
     * a run of events costs the tracker one call, not one per event. Events must come in offset order, all of one
     * partition.
     */
    List<Prioritized> select(List<StoredEvent> batch, OffsetTracker tracker, int lane) {
        List<Prioritized> matching = new ArrayList<>();
        if (batch.isEmpty()) {
            return matching;
        }
        Set<Long> owned = ownedByRetries.get(batch.getFirst().partition());
        long passed = -1;
        for (StoredEvent stored : batch) {
            long offset = stored.offset();
            // with several lanes each must see an owned offset, so it stays in the set (bounded, filled at start)
            if (owned != null && !owned.isEmpty() && (lanes.several() ? owned.contains(offset) : owned.remove(offset))) {
                passed = offset;
                continue;
            }
            if (!spec.matches(stored.event())) {
                passed = offset;
                continue;
            }
            int priority = policy.priorityOf(stored.event());
            if (lanes.of(priority) != lane) {
                passed = offset;
                continue;
            }
            tracker.begin(lane, offset);
            matching.add(new Prioritized(stored, priority));
        }
        if (passed == batch.getLast().offset()) {
            tracker.pass(lane, passed); // begin moved the read end past every offset passed before it
        }
        if (!keys.ordered() && matching.size() > 1) {
            matching.sort(Comparator.comparingInt(Prioritized::priority).reversed());
        }
        return matching;
    }

    /** Sends what {@link #select} picked, in its order, waiting for permits; false if stopped meanwhile. */
    boolean dispatchSelected(List<Prioritized> selected) {
        for (Prioritized next : selected) {
            if (!dispatchFresh(next.stored(), next.priority())) {
                return false;
            }
        }
        return true;
    }

    /** An event picked for sending, with its priority level. */
    record Prioritized(StoredEvent stored, int priority) {}

    private boolean dispatchFresh(StoredEvent stored, int priority) {
        String key = keys.keyOf(stored);
        if (key != null) {
            switch (keys.awaitTurn(stored, key, priority)) {
                case PARKED -> {
                    return true;
                }
                case STOPPED -> {
                    return false;
                }
                case GO -> {
                    // sent below
                }
            }
        }
        if (!admit(priority)) {
            return false;
        }
        Runnable afterHandled = key == null ? null : keys.begin(stored.partition(), key);
        Instant now = context.clock().instant();
        send(new Delivery(id(), stored.event(), stored.partition(), stored.offset(), 1,
                messageId(stored.partition(), stored.offset()), now), stored, null, afterHandled);
        return true;
    }

    /**
     * Waits until an attempt may start: the circuit lets it through, a permit is free (by priority), the rate allows.
     * True with a permit held (the caller must {@link #send}); false if stopped meanwhile, holding nothing.
     */
    boolean admit(int priority) {
        while (running.on()) {
            breaker.awaitChance(running);
            if (!permits.acquire(priority)) {
                return false;
            }
            if (breaker.admit()) {
                if (rate.acquire(running)) {
                    return true;
                }
                permits.release();
                return false;
            }
            permits.release();
        }
        return false;
    }

    /**
     * Sends an admitted attempt; once its outcome is handled the permit is released and {@code afterHandled} runs.
     * An outcome that touches memory only ({@link OutcomeRouter#writesToStore}: a fresh event delivered) and has no
     * key gate ({@code afterHandled} null) is handled on the thread that completed the sink's future; every other one
     * is handled on a handler thread, never on the sink's.
     *
     * @param retry the scheduled retry this attempt comes from, or null for a fresh event
     * @param afterHandled what frees the event's key, or null
     */
    void send(Delivery delivery, StoredEvent stored, Retry retry, Runnable afterHandled) {
        context.listener().inFlight(id(), 1);
        Instant startedAt = context.clock().instant();
        long started = System.nanoTime();
        CompletableFuture<SendResult> sent;
        try {
            CompletableFuture<SendResult> answer = sendTransformed(delivery);
            sent = answer == null
                    ? CompletableFuture.failedFuture(new NullPointerException("the sink returned no future"))
                    : answer;
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        if (!sink.boundsItsAttempts()) {
            // on a copy: the timeout must not complete the sink's own future
            sent = sent.copy().orTimeout(policy.timeout().plus(TIMEOUT_GRACE).toNanos(), TimeUnit.NANOSECONDS);
        }
        sent.whenComplete((result, failure) -> {
            Attempted attempted = attempted(delivery, stored, retry, startedAt, started, result, failure);
            // a key gate's end waits for its lock, which parking holds across a store write
            if (afterHandled == null && !OutcomeRouter.writesToStore(attempted)) {
                handle(attempted, null);
                return;
            }
            try {
                context.handlers().execute(() -> handle(attempted, afterHandled));
            } catch (RejectedExecutionException e) {
                handle(attempted, afterHandled); // the node is closing: handled late rather than never
            }
        });
    }

    private void handle(Attempted attempted, Runnable afterHandled) {
        try {
            router.handle(attempted);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "subscription '" + id() + "': handling the outcome for the event at"
                    + " partition " + attempted.partition() + " offset " + attempted.offset() + " failed; it will be"
                    + " delivered again after a restart", e);
        } finally {
            permits.release();
            context.listener().inFlight(id(), -1);
            if (afterHandled != null) {
                afterHandled.run();
            }
        }
    }

    /**
     * Hands the delivery to the sink with the subscription's transform applied; an event the transform fails on is
     * not sent and comes back {@link Outcome#unsendable() unsendable}, with the reason, for the dead letters.
     */
    private CompletableFuture<SendResult> sendTransformed(Delivery delivery) {
        if (spec.transform().isEmpty()) {
            return sink.send(delivery);
        }
        CloudEvent transformed;
        try {
            transformed = spec.transform().get().apply(delivery.event());
        } catch (TransformException e) {
            return CompletableFuture.completedFuture(
                    new SendResult(Outcome.unsendable(), Duration.ZERO, Optional.of("transform failed: " + e.reason())));
        }
        return sink.send(new Delivery(delivery.subscriptionId(), transformed, delivery.partition(), delivery.offset(),
                delivery.attempt(), delivery.messageId(), delivery.firstAttemptAt()));
    }

    private static Attempted attempted(Delivery delivery, StoredEvent stored, Retry retry, Instant startedAt,
            long started, SendResult result, Throwable failure) {
        if (result != null) {
            return new Attempted(stored, delivery.attempt(), delivery.firstAttemptAt(), startedAt, result.duration(),
                    result.outcome(), result.excerpt().orElse(null), retry);
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null) {
            cause = new NullPointerException("the sink completed without a result");
        }
        return new Attempted(stored, delivery.attempt(), delivery.firstAttemptAt(), startedAt,
                Duration.ofNanos(System.nanoTime() - started), Outcome.ofError(cause),
                DeadLetters.cut(String.valueOf(cause), SendResult.MAX_EXCERPT), retry);
    }

    /** The sink answered 410 Gone: stop reading and have the subscription paused (once). */
    void gone() {
        if (gone.compareAndSet(false, true)) {
            running.stop();
            String reason = "410 Gone from " + sinkName;
            LOG.log(System.Logger.Level.WARNING, "subscription '" + id() + "': " + reason + "; pausing it");
            Thread.ofVirtual().name("tributary-pause-" + id()).start(() -> onGone.accept(reason));
        }
    }

    /**
     * After a read failed: true when the bus was deleted (or deleted and created again) under the dispatcher, which
     * then stops, once, and has {@code onBusGone} told; false for any other failure, which the caller retries.
     */
    boolean busGone() {
        if (context.buses().find(bus.name()).map(Bus::log).orElse(null) == bus.log()) {
            return false;
        }
        if (gone.compareAndSet(false, true)) {
            running.stop();
            LOG.log(System.Logger.Level.WARNING, "subscription '" + id() + "': its bus '" + bus.name()
                    + "' was deleted; delivery stops until a bus of that name exists again");
            Thread.ofVirtual().name("tributary-bus-gone-" + id()).start(onBusGone);
        }
        return true;
    }

    /**
     * A fresh event's delivery is over (delivered, durably scheduled for retry or parked, dead-lettered): the tracker
     * counts its offset done and the committer may move past it.
     */
    void completed(int partition, long offset) {
        trackers.get(partition).complete(offset);
        committer.completed();
    }

    Committer committer() {
        return committer;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    RetryLoop retryLoop() {
        return retryLoop;
    }

    OrderedKeys keys() {
        return keys;
    }

    private synchronized double random() {
        return random.nextDouble();
    }

    /**
     * The committed offset of every partition; a partition without one starts at the subscription's start position,
     * which is committed at once so that a restart does not move {@code latest} on.
     */
    private Map<Integer, Long> startOffsets(BusLog log) {
        attachToBus(log);
        Map<Integer, Long> committed = context.store().cursors().get(id());
        Map<Integer, Long> offsets = new HashMap<>();
        Map<Integer, Long> missing = new HashMap<>();
        for (int p = 0; p < log.config().partitions(); p++) {
            Long offset = committed.get(p);
            if (offset == null) {
                offset = startOf(log, p, spec.startAt());
                missing.put(p, offset);
            }
            offsets.put(p, offset);
        }
        if (!missing.isEmpty()) {
            context.store().cursors().commit(id(), missing);
        }
        return offsets;
    }

    /**
     * Ties the committed offsets to this incarnation of the bus. Offsets and retries kept for a bus that was deleted
     * and created again under the same name speak of other events: they are dropped, and the new bus is read from its
     * first event when it was created after the subscription (every one of its events is new to the subscription),
     * else (the subscription was moved onto an existing bus) from the subscription's start position.
     */
    private void attachToBus(BusLog log) {
        StartPosition from = bus.spec().createdAt().isAfter(subscription.createdAt())
                ? new StartPosition.Earliest()
                : spec.startAt();
        Map<Integer, Long> offsets = new HashMap<>();
        for (int p = 0; p < log.config().partitions(); p++) {
            offsets.put(p, startOf(log, p, from));
        }
        if (context.store().cursors().attach(id(), bus.spec().incarnation(), offsets)) {
            LOG.log(System.Logger.Level.INFO, "subscription '" + id() + "': bus '" + bus.name() + "' is not the one"
                    + " its offsets were for (it was deleted and created again, or the subscription moved); delivering"
                    + " it from " + offsets + ", and the retries of the former bus are dropped");
        }
    }

    /**
     * The webhook id of the event at {@code partition}/{@code offset}: the same on every attempt at that event, and
     * never given to another (it names the bus incarnation, so a bus created again under the same name gets new ones).
     */
    String messageId(int partition, long offset) {
        return Delivery.messageId(id(), bus.spec().incarnation(), partition, offset);
    }

    private static long startOf(BusLog log, int partition, StartPosition position) {
        PartitionState state = log.state(partition);
        return switch (position) {
            case StartPosition.Earliest e -> state.startOffset();
            case StartPosition.Latest l -> state.endOffset();
            case StartPosition.AtTime t -> log.offsetAt(partition, t.time());
            case StartPosition.AtOffsets o -> o.offsets().getOrDefault(partition, state.endOffset());
        };
    }
}
