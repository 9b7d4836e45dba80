package dev.tributary.core.eventstore.projection;

import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.SubscriptionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a runner's subscription delivers, queued for the runner's thread: a bounded queue, so a subscription waits
 * (its thread blocks) while the runner commits instead of filling memory. Each subscription is a generation; when the
 * runner ends one, what it still delivers is of an old generation and is dropped. Thread-safe: the subscription's
 * thread puts, the runner's thread takes, any thread wakes the runner.
 */
final class Inbox {
    /** How long a subscription waits on a full queue before it looks whether its generation ended. */
    private static final long OFFER_WAIT_MS = 50;

    private final ArrayBlockingQueue<Item> queue;
    private volatile int generation;

    Inbox(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Ends the current generation: what its subscription still delivers is dropped. */
    int nextGeneration() {
        return ++generation;
    }

    boolean current(Item item) {
        return item.generation() == generation;
    }

    /** The listener of a new subscription, of the current generation. */
    SubscriptionListener listener() {
        int g = generation;
        return new SubscriptionListener() {
            @Override
            public void onEvent(RecordedEvent event) {
                put(new Event(g, event));
            }

            @Override
            public void onCaughtUp(long checkpoint) {
                put(new CaughtUp(g, checkpoint));
            }

            @Override
            public void onCheckpoint(long checkpoint) {
                put(new Checkpoint(g, checkpoint));
            }

            @Override
            public void onFellBehind(long checkpoint) {
                put(new FellBehind(g, checkpoint));
            }

            @Override
            public void onClosed(Throwable error) {
                put(new Closed(g, error));
            }
        };
    }

    private void put(Item item) {
        try {
            while (item.generation() == generation) {
                if (queue.offer(item, OFFER_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the runner if it waits on an empty queue (a full one wakes it anyway). */
    void wake() {
        queue.offer(new Wake(-1));
    }

    /** Waits for the next item, then takes what else has arrived, up to {@code max} in all. */
    List<Item> take(int max) throws InterruptedException {
        List<Item> items = new ArrayList<>(Math.min(max, 64));
        items.add(queue.take());
        queue.drainTo(items, max - 1);
        return items;
    }

    /** The next item, or null after {@code millis}. */
    Item poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * What items taken hold for the current subscription (the others are dropped): its events in order, the
     * checkpoint after them and its signals, the state they leave it in, and whether it ended (and why).
     */
    Taken sort(List<Item> items, long checkpoint, ProjectionState state) {
        List<RecordedEvent> events = new ArrayList<>(items.size());
        long next = checkpoint;
        ProjectionState target = state;
        boolean closed = false;
        Throwable closedBy = null;
        for (Item item : items) {
            if (!current(item)) {
                continue;
            }
            switch (item) {
                case Event e -> {
                    events.add(e.event());
                    next = Math.max(next, e.event().position() + 1);
                }
                case Checkpoint c -> next = Math.max(next, c.checkpoint());
                case CaughtUp c -> {
                    next = Math.max(next, c.checkpoint());
                    target = ProjectionState.RUNNING;
                }
                case FellBehind f -> {
                    next = Math.max(next, f.checkpoint());
                    target = ProjectionState.CATCHING_UP;
                }
                case Closed c -> {
                    closed = true;
                    closedBy = c.error();
                }
                case Wake w -> {}
            }
        }
        return new Taken(events, next, target, closed, closedBy);
    }

    record Taken(List<RecordedEvent> events, long next, ProjectionState target, boolean closed, Throwable closedBy) {}

    /** A subscription's call, tagged with its generation. */
    sealed interface Item permits Event, CaughtUp, Checkpoint, FellBehind, Closed, Wake {
        int generation();
    }

    record Event(int generation, RecordedEvent event) implements Item {}

    record CaughtUp(int generation, long checkpoint) implements Item {}

    record Checkpoint(int generation, long checkpoint) implements Item {}

    record FellBehind(int generation, long checkpoint) implements Item {}

    record Closed(int generation, Throwable error) implements Item {}

    record Wake(int generation) implements Item {}
}
