package dev.tributary.eventstore;

import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.Subscription;
import dev.tributary.core.eventstore.SubscriptionListener;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A catch-up subscription: one virtual thread reads its {@link Feed} page by page from the checkpoint and hands each
 * event to the listener, then waits at the end for more.
 *
 * <pre>
 *   catching up ──page ends at the feed's end──▶ live (onCaughtUp) ──more than the threshold behind──▶ catching up
 *        ▲                                        │                  (onFellBehind)
 *        └────────────────────────────────────────┘
 * </pre>
 *
 * <p>No gap and no duplicate at the switch: live delivery is the same loop, reading from the checkpoint after the last
 * event delivered; waiting only decides when to read again. Thread-safe: {@link #close()} from any thread; the
 * listener is called on the subscription's thread only.
 */
final class CatchUpSubscription implements Subscription {
    private static final System.Logger LOG = System.getLogger(CatchUpSubscription.class.getName());
    static final int PAGE = 500;
    /** Positions a filtered subscription passes without a match before it reports a checkpoint. */
    static final int CHECKPOINT_INTERVAL = 1000;

    private final String name;
    private final Feed feed;
    private final SubscriptionListener listener;
    private final int fellBehindThreshold;
    private final Consumer<CatchUpSubscription> onEnd;
    private final CompletableFuture<Void> closing = new CompletableFuture<>();
    private volatile long checkpoint;

    CatchUpSubscription(String name, Feed feed, long from, SubscriptionListener listener, int fellBehindThreshold,
            Consumer<CatchUpSubscription> onEnd) {
        this.name = name;
        this.feed = feed;
        this.checkpoint = from;
        this.listener = listener;
        this.fellBehindThreshold = fellBehindThreshold;
        this.onEnd = onEnd;
    }

    void start() {
        Thread.ofVirtual().name("tributary-subscription-" + name).start(this::run);
    }

    @Override
    public long checkpoint() {
        return checkpoint;
    }

    @Override
    public void close() {
        closing.complete(null);
    }

    private void run() {
        Throwable error = null;
        try {
            boolean live = false;
            long reported = checkpoint; // the checkpoint the subscriber last heard of
            while (!closing.isDone()) {
                Feed.Page page = feed.read(checkpoint, PAGE);
                for (RecordedEvent e : page.events()) {
                    if (closing.isDone()) {
                        break;
                    }
                    listener.onEvent(e);
                    checkpoint = feed.after(e);
                }
                if (closing.isDone()) {
                    break;
                }
                if (!page.events().isEmpty()) {
                    reported = checkpoint;
                }
                if (page.next() > checkpoint) {
                    // a stretch with nothing to deliver (a filtered feed): told every CHECKPOINT_INTERVAL positions
                    checkpoint = page.next();
                    if (checkpoint - reported >= CHECKPOINT_INTERVAL) {
                        reported = checkpoint;
                        listener.onCheckpoint(checkpoint);
                    }
                }
                if (checkpoint >= page.end()) {
                    if (!live) {
                        live = true;
                        listener.onCaughtUp(checkpoint);
                    }
                    CompletableFuture.anyOf(feed.whenMore(), closing).join();
                } else if (live && page.end() - checkpoint > fellBehindThreshold) {
                    live = false;
                    listener.onFellBehind(checkpoint);
                }
            }
        } catch (CompletionException e) {
            error = e.getCause();
        } catch (RuntimeException | Error e) {
            error = e;
        }
        if (error != null) {
            LOG.log(Level.WARNING, "subscription " + name + " ended at " + checkpoint + ": " + error);
        }
        try {
            listener.onClosed(error);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "subscription " + name + ": onClosed threw", e);
        } finally {
            onEnd.accept(this);
        }
    }
}
