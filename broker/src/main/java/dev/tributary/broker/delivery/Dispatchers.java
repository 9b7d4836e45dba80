package dev.tributary.broker.delivery;

import dev.tributary.broker.Bus;
import dev.tributary.broker.Buses;
import dev.tributary.broker.store.MetadataStore;
import dev.tributary.broker.store.SubscriptionNotFoundException;
import dev.tributary.broker.subscription.SinkSpec;
import dev.tributary.broker.subscription.Subscription;
import dev.tributary.broker.subscription.SubscriptionSpec;
import dev.tributary.broker.subscription.SubscriptionListener;
import dev.tributary.broker.subscription.Subscriptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The running delivery of every active subscription of a node: one dispatcher per subscription, reading its bus from
 * the committed offsets, sending matching events to its sink, retrying durably, dead-lettering, and committing offsets
 * only past what is done (at least once).
 *
 * <p>{@link #start()} starts a dispatcher per active subscription and listens to the {@link Subscriptions} for changes
 * ({@link #changed}: create, update, pause, resume, delete; {@link #resetting} before a reset), restarting, stopping or
 * starting the subscription's dispatcher from its committed offsets. Sinks: {@code bus:<name>} sinks are handled here;
 * every other sink is opened with the given {@link SinkFactory}. {@link #close()} stops every dispatcher, waiting
 * (bounded by the attempt timeout) for attempts under way, and commits what completed.
 *
 * <p>Thread-safe: starts and stops are serialized (a stop may wait for attempts under way). A subscription whose
 * dispatcher cannot start (its bus is gone, its sink cannot be opened, the store fails) is logged and tried again
 * {@value #RESTART_SECONDS} seconds later, until it starts or changes.
 */
public final class Dispatchers implements SubscriptionListener, AutoCloseable {
    static final long RESTART_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(Dispatchers.class.getName());

    private final Buses buses;
    private final Subscriptions subscriptions;
    private final SinkFactory sinks;
    private final DispatchContext context;
    private final CommitBatcher commits;
    private final PartitionFeeds feeds = new PartitionFeeds();
    private final ExecutorService handlers;
    private final Map<String, SubscriptionDispatcher> running = new HashMap<>();
    /** Subscriptions whose bus does not exist (reported once, looked at again every few seconds). */
    private final Set<String> waitingForBus = new HashSet<>();
    private boolean started;
    private boolean closed;

    /**
     * @param sinks opens HTTP sinks (the node's); {@code bus:} sinks never reach it
     * @param clock attempt times and retry due times
     * @param listener told about deliveries, for metrics
     */
    public Dispatchers(Buses buses, MetadataStore store, Subscriptions subscriptions, SinkFactory sinks, Clock clock,
            DeliveryListener listener) {
        this.buses = buses;
        this.subscriptions = subscriptions;
        this.sinks = sinks;
        this.handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tributary-delivery-", 0).factory());
        this.commits = new CommitBatcher(store);
        this.context = new DispatchContext(store, buses, clock, GuardedListener.of(listener), handlers, commits,
                feeds);
    }

    /** Starts a dispatcher for every active subscription and follows the subscriptions' changes. Idempotent. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        commits.start();
        subscriptions.addListener(this);
        for (Subscription subscription : subscriptions.list(null)) {
            changed(subscription.id());
        }
    }

    /**
     * Brings the dispatcher of a subscription in line with its stored state: stops it if the subscription is gone or
     * paused, (re)starts it from the committed offsets if it is active and new or changed. Cheap when nothing changed.
     */
    @Override
    public synchronized void changed(String subscriptionId) {
        if (!started || closed) {
            return;
        }
        Optional<Subscription> now;
        try {
            now = find(subscriptionId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "subscription '" + subscriptionId + "': cannot read it; trying again in "
                    + RESTART_SECONDS + " s", e);
            changeLater(subscriptionId);
            return;
        }
        boolean active = now.isPresent() && now.get().state() == Subscription.State.ACTIVE;
        if (!active) {
            waitingForBus.remove(subscriptionId);
        }
        SubscriptionDispatcher current = running.get(subscriptionId);
        if (current != null && active && current.revision() == now.get().revision() && current.isRunning()) {
            return;
        }
        if (current != null) {
            running.remove(subscriptionId);
            current.stop();
        }
        if (active) {
            startOne(now.get());
        }
    }

    /** Stops the subscription's dispatcher before a reset moves its offsets; {@link #changed} starts it again. */
    @Override
    public synchronized void resetting(String subscriptionId) {
        SubscriptionDispatcher current = running.remove(subscriptionId);
        if (current != null) {
            current.stop();
        }
    }

    /** The circuit of a subscription's sink; {@link CircuitView#IDLE} when it is not being delivered. */
    public synchronized CircuitView circuitView(String subscriptionId) {
        SubscriptionDispatcher dispatcher = running.get(subscriptionId);
        return dispatcher == null ? CircuitView.IDLE : dispatcher.breaker().view();
    }

    /** The circuit state of a subscription's sink, if it is being delivered. */
    public synchronized Optional<CircuitState> circuit(String subscriptionId) {
        return Optional.ofNullable(running.get(subscriptionId)).map(SubscriptionDispatcher::circuit);
    }

    /** How many of a subscription's loops wait for an in-flight permit now (0 if it is not being delivered). */
    synchronized int waitingForPermits(String subscriptionId) {
        SubscriptionDispatcher dispatcher = running.get(subscriptionId);
        return dispatcher == null ? 0 : dispatcher.waitingForPermits();
    }

    /** How many partition feeds run: one per bus partition with caught-up subscriptions. */
    int feeds() {
        return feeds.size();
    }

    /** Stops every dispatcher, committing what completed. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // All at once: each stop is bounded by its own deadlines, so the node's stop is bounded by the slowest one,
        // not by their sum over every subscription with a stuck sink.
        List<Thread> stopping = new ArrayList<>(running.size());
        for (SubscriptionDispatcher dispatcher : running.values()) {
            stopping.add(Thread.ofVirtual().name("tributary-stop-" + dispatcher.id()).start(dispatcher::stop));
        }
        for (Thread stop : stopping) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running.clear();
        feeds.close();
        commits.close();
        handlers.shutdown();
    }

    private void startOne(Subscription subscription) {
        String id = subscription.id();
        Optional<Bus> bus = buses.find(subscription.spec().bus());
        if (bus.isEmpty()) {
            if (waitingForBus.add(id)) {
                LOG.log(System.Logger.Level.ERROR, "subscription '" + id + "': its bus '" + subscription.spec().bus()
                        + "' does not exist; nothing is delivered until it does (looked at again every "
                        + RESTART_SECONDS + " s)");
            }
            changeLater(id);
            return;
        }
        if (waitingForBus.remove(id)) {
            LOG.log(System.Logger.Level.INFO, "subscription '" + id + "': its bus '" + subscription.spec().bus()
                    + "' exists again; delivering");
        }
        SubscriptionDispatcher dispatcher = null;
        try {
            Sink sink = subscription.spec().sink() instanceof SinkSpec.Bus target
                    ? new BusSink(buses, target.bus())
                    : sinks.open(subscription.spec());
            dispatcher = new SubscriptionDispatcher(subscription, bus.get(), sink,
                    describe(subscription.spec()), context, reason -> pauseGone(id, reason), () -> changeLater(id));
            dispatcher.start();
            running.put(id, dispatcher);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "subscription '" + id + "': cannot start delivering; trying again in "
                    + RESTART_SECONDS + " s", e);
            if (dispatcher != null) {
                dispatcher.stop();
            }
            changeLater(id);
        }
    }

    private void changeLater(String id) {
        Thread.ofVirtual().name("tributary-restart-" + id).start(() -> {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(RESTART_SECONDS));
            changed(id);
        });
    }

    /** After a 410 Gone: pauses the subscription (trying again while the store fails), which stops its dispatcher. */
    private void pauseGone(String id, String reason) {
        for (long pause = TimeUnit.MILLISECONDS.toNanos(100); ; pause = Math.min(pause * 2, TimeUnit.SECONDS.toNanos(10))) {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            try {
                subscriptions.pause(id, reason);
                break;
            } catch (SubscriptionNotFoundException deleted) {
                break;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "subscription '" + id + "': cannot pause it after " + reason
                        + "; trying again", e);
                LockSupport.parkNanos(pause);
            }
        }
        // Subscriptions tells us of the pause; this covers a Subscriptions we are not listening to.
        changed(id);
    }

    private Optional<Subscription> find(String id) {
        try {
            return Optional.of(subscriptions.get(id));
        } catch (SubscriptionNotFoundException gone) {
            return Optional.empty();
        }
    }

    /** How a sink is named in messages: {@code bus:<name>}, or an HTTP URL without its query. */
    private static String describe(SubscriptionSpec spec) {
        return switch (spec.sink()) {
            case SinkSpec.Bus b -> "bus:" + b.bus();
            case SinkSpec.Http h ->
                    h.uri().getScheme() + "://" + h.uri().getRawAuthority() + Optional.ofNullable(h.uri().getRawPath()).orElse("");
        };
    }
}
