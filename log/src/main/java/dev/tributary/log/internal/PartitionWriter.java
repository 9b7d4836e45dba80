package dev.tributary.log.internal;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.log.Durability;
import dev.tributary.log.LogConfig;
import dev.tributary.log.OverloadedException;
import dev.tributary.log.StorageException;
import dev.tributary.log.StorageUnavailableException;
import dev.tributary.log.WriterPool;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The writer of a partition: drains a bounded queue of append requests and commits them in groups, in turns on a
 * shared {@link WriterPool} thread (one group or one task per turn, then the partition queues itself again behind
 * the other partitions, so a busy partition cannot starve the rest).
 *
 * <pre>
 * submit ─▶ queue ─▶ [turn on a pool thread] drain (≤ 4096 events) ─▶ per request: dedup + expected version (against
 *   the log and earlier requests of the group) ─▶ encode into the thread's buffer (≤ ~1 MiB) ─▶ [roll] ─▶ one write ─▶
 *   one force (FSYNC) ─▶ indexes, committed end, stream heads ─▶ complete futures
 * </pre>
 *
 * <p>Owns all mutable state of its partition (segments list, committed end, heads, dedup window): turns never overlap
 * ({@code scheduled} admits one at a time, and the pool's hand-over orders their memory effects). When a write or
 * force fails the file is truncated back to where the group started, the group's dedup entries are rolled back, its
 * stream heads and index entries were never applied, and every future of the group fails with
 * {@link StorageUnavailableException}; later appends are tried normally. An unexpected exception fails the group's
 * futures and the writer goes on: it never dies silently. An append submitted while the queue is full fails at once
 * with {@link OverloadedException} (back-pressure without blocking the caller).
 */
final class PartitionWriter {
    private static final System.Logger LOG = System.getLogger(PartitionWriter.class.getName());
    static final int QUEUE_CAPACITY = 8192;
    static final int MAX_GROUP_EVENTS = 4096;

    private final Partition partition;
    private final LogConfig config;
    private final Clock clock;
    private final FileChannels channels;
    private final DedupWindow dedup;
    private final Executor pool;
    // linked, not an array: an idle partition must cost next to nothing (a node may hold ten thousand)
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final ArrayDeque<Object> backlog = new ArrayDeque<>(0); // turns only
    private final List<Append> requests = new ArrayList<>(); // turns only
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final GlobalOrder order; // null when the bus keeps no global order
    private final AtomicInteger unsequenced = new AtomicInteger(); // groups written, waiting for the order
    private final ReentrantReadWriteLock submitLock = new ReentrantReadWriteLock();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private boolean closed; // guarded by submitLock
    private long nextOffset;
    private long lastTime;

    private static final Object STOP = new Object();

    /** A queued append; the writer fills in result or error. */
    static final class Append {
        final List<CloudEvent> events;
        final String stream;
        final ExpectedVersion expected;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        Object result;
        RuntimeException error;

        Append(List<CloudEvent> events, String stream, ExpectedVersion expected) {
            this.events = events;
            this.stream = stream;
            this.expected = expected;
        }
    }

    private record Task(Callable<?> work, CompletableFuture<Object> done) {}

    PartitionWriter(Partition partition, LogConfig config, Clock clock, FileChannels channels, DedupWindow dedup,
            long lastTime, Executor pool, GlobalOrder order) {
        this.partition = partition;
        this.order = order;
        this.config = config;
        this.clock = clock;
        this.channels = channels;
        this.dedup = dedup;
        this.pool = pool;
        this.nextOffset = partition.end();
        this.lastTime = lastTime;
    }

    /** Queues an append; never blocks: a full queue fails it at once with {@link OverloadedException}. */
    CompletableFuture<Object> submit(Append append) {
        enqueue(append, append.future, false);
        return append.future;
    }

    /** Runs {@code work} in a turn of its own, between groups. */
    <T> CompletableFuture<Object> execute(Callable<T> work) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        enqueue(new Task(work, done), done, true);
        return done;
    }

    private void enqueue(Object request, CompletableFuture<Object> future, boolean wait) {
        submitLock.readLock().lock();
        try {
            if (closed) {
                future.completeExceptionally(new IllegalStateException(partition.describe() + " is closed"));
                return;
            }
            if (wait) {
                queue.put(request);
            } else if (!queue.offer(request)) {
                // Event loops call append: back-pressure must refuse, not block.
                future.completeExceptionally(new OverloadedException(
                        partition.describe() + ": " + QUEUE_CAPACITY + " appends are already queued; retry shortly"));
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(
                    new StorageException(partition.describe() + ": interrupted while queueing", e));
            return;
        } finally {
            submitLock.readLock().unlock();
        }
        schedule();
    }

    /**
     * Stops accepting; the writer drains what is queued, writes the heads snapshot and completes the answer. Never
     * blocks on the writer, so a log stops all its partitions at once.
     */
    CompletableFuture<Void> stop() {
        submitLock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                queue.put(STOP); // waits only while the queue is full, and turns keep draining it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            submitLock.writeLock().unlock();
        }
        schedule();
        return stopped;
    }

    /** {@link #stop()} and waits for it. */
    void close() {
        stopped(stop());
    }

    /** Waits for a stop without failing: the stop itself logs what went wrong. */
    static void stopped(CompletableFuture<Void> stop) {
        try {
            stop.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "a partition writer stopped with a failure", e.getCause());
        }
    }

    // ---- turns ----

    /** Makes sure a turn is queued or running while there is work; at most one at a time. */
    private void schedule() {
        // a writer ahead of the order by MAX_GROUPS_IN_FLIGHT groups waits: its last group's sequencing calls again
        if (stopped.isDone()
                || unsequenced.get() >= GlobalOrder.MAX_GROUPS_IN_FLIGHT
                || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            pool.execute(this::turn);
        } catch (RejectedExecutionException e) {
            // the pool was closed before this log: nothing can be written any more
            abandon(new IllegalStateException(partition.describe() + " cannot write: its writer pool is closed"));
        }
    }

    private void turn() {
        try {
            Object first = backlog.isEmpty() ? queue.poll() : backlog.poll();
            if (first == STOP) {
                shutdown();
            } else if (first instanceof Task task) {
                runTask(task);
            } else if (first instanceof Append append) {
                commit(append);
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, partition.describe() + ": unexpected failure in a writer turn", t);
        } finally {
            scheduled.set(false);
            // a submit that found the flag still set relies on this check
            if (!backlog.isEmpty() || !queue.isEmpty()) {
                schedule();
            }
        }
    }

    /** Gathers a group behind {@code first} (the backlog, then the queue, in order) and commits it. */
    private void commit(Append first) {
        requests.clear();
        requests.add(first);
        int events = first.events.size();
        while (events < MAX_GROUP_EVENTS) {
            boolean fromBacklog = !backlog.isEmpty();
            Object next = fromBacklog ? backlog.peekFirst() : queue.poll();
            if (!(next instanceof Append more)) {
                if (next != null && !fromBacklog) {
                    backlog.addLast(next); // a task or the stop: gets a turn after this group
                }
                break;
            }
            if (fromBacklog) {
                backlog.pollFirst();
            }
            requests.add(more);
            events += more.events.size();
        }
        GroupCommit group = GroupCommit.current();
        try {
            commitGroup(group);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, partition.describe() + ": unexpected failure in a group commit", t);
            failGroup(new StorageException(partition.describe() + ": group commit failed: " + t, t));
        } finally {
            group.release();
            requests.clear();
        }
    }

    private void runTask(Task task) {
        try {
            task.done().complete(task.work().call());
        } catch (Throwable t) {
            task.done().completeExceptionally(t);
        }
    }

    private void shutdown() {
        writeSnapshot();
        failQueued(new IllegalStateException(partition.describe() + " is closed"));
        partition.failWaiters(new IllegalStateException(partition.describe() + " is closed"));
        stopped.complete(null);
    }

    /** Without a pool: fails everything queued; a queued stop completes without writing. */
    private void abandon(RuntimeException error) {
        failQueued(error);
        partition.failWaiters(error);
        if (closed()) {
            stopped.complete(null);
        }
        scheduled.set(false);
    }

    private boolean closed() {
        submitLock.readLock().lock();
        try {
            return closed;
        } finally {
            submitLock.readLock().unlock();
        }
    }

    private void failQueued(RuntimeException error) {
        for (Object o : backlog) {
            failRequest(o, error);
        }
        backlog.clear();
        Object o;
        while ((o = queue.poll()) != null) {
            failRequest(o, error);
        }
    }

    private static void failRequest(Object o, RuntimeException error) {
        if (o instanceof Append a) {
            a.future.completeExceptionally(error);
        } else if (o instanceof Task t) {
            t.done().completeExceptionally(error);
        }
    }

    // ---- one group ----

    private void commitGroup(GroupCommit group) {
        RuntimeException broken = order == null ? null : order.broken();
        if (broken != null) {
            failGroup(broken);
            return;
        }
        long now = Math.max(clock.millis(), lastTime);
        if (dedup.enabled()) {
            dedup.expire(now);
        }
        group.begin(partition, dedup, nextOffset, now);
        for (int i = 0; i < requests.size(); i++) {
            group.process(requests.get(i));
            if (group.bytes() >= GroupCommit.MAX_GROUP_BYTES && i < requests.size() - 1) {
                // the rest waits for the next group, in order
                for (int j = requests.size() - 1; j > i; j--) {
                    backlog.addFirst(requests.remove(j));
                }
                break;
            }
        }
        if (group.records() > 0) {
            Segment active = null;
            try {
                active = write(group, now);
            } catch (IOException | RuntimeException e) {
                Segment target = active != null ? active : partition.active();
                StorageUnavailableException failure = new StorageUnavailableException(partition.describe()
                        + ": could not write to segment " + target.file() + ": " + e, e);
                LOG.log(Level.WARNING, failure.getMessage());
                group.rollback();
                notifyListener(() -> partition.listener().appendFailed(partition.id(), failure)); // before callers
                failGroup(failure);
                return;
            }
        }
        if (order != null && group.records() > 0) {
            unsequenced.incrementAndGet();
            order.sequence(new WrittenGroup(partition.id(), List.copyOf(requests), groupStart(group), group.records(),
                    group.indexKeys(order.keyIndex()), this::sequencedOne));
            return;
        }
        WrittenGroup.complete(requests, -1, 0, -1);
    }

    private static long groupStart(GroupCommit group) {
        return group.end() - group.records();
    }

    /** A written group got its positions, or failed: one fewer waits for the order, so the writer may go on. */
    private void sequencedOne() {
        unsequenced.decrementAndGet();
        schedule();
    }

    private void failGroup(RuntimeException failure) {
        for (Append a : requests) {
            a.future.completeExceptionally(failure);
        }
    }

    /** Writes the group; on failure truncates the file back and throws. Returns the segment written to. */
    private Segment write(GroupCommit group, long now) throws IOException {
        Segment active = partition.active();
        int bytes = group.bytes();
        if (active.size() > 0 && active.size() + bytes > config.segmentBytes()) {
            roll();
            active = partition.active();
        }
        long position = active.size();
        FileChannel ch = active.channel();
        ByteBuffer buf = group.encoded();
        long t0 = System.nanoTime();
        long t1;
        try {
            long at = position;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            t1 = System.nanoTime();
            if (config.durability() == Durability.FSYNC) {
                ch.force(false);
            }
        } catch (IOException | RuntimeException e) {
            truncate(active, position);
            throw e;
        }
        long t2 = System.nanoTime();
        // publication order: indexes and segment size, committed end, stream heads (see Partition)
        group.applyIndexes(active, position, config.indexIntervalBytes());
        nextOffset = group.end();
        active.commit(position + bytes, nextOffset, now);
        lastTime = now;
        partition.publishEnd(nextOffset, group::applyHeads);
        int events = group.records();
        notifyListener(() -> partition.listener().batchWritten(partition.id(), events, bytes, t1 - t0, t2 - t1));
        return active;
    }

    // A listener that throws must not turn a committed group into failed appends, nor stop the writer.
    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, partition.describe() + ": the log listener threw", e);
        }
    }

    private void truncate(Segment active, long position) {
        try {
            active.channel().truncate(position);
        } catch (IOException | RuntimeException e) {
            // the next group writes at the same position; recovery cuts any leftover after the last good record
            LOG.log(Level.WARNING, partition.describe() + ": could not truncate " + active.file() + " back to "
                    + position, e);
        }
    }

    /** Seals the active segment and starts a new one at the committed end (in a turn only). */
    void roll() throws IOException {
        Segment old = partition.active();
        long base = old.nextOffset();
        Segment fresh = Segment.open(partition.dir(), base, channels);
        try {
            old.seal();
        } catch (IOException e) {
            fresh.closeQuietly();
            Files.deleteIfExists(SegmentFileNames.log(partition.dir(), base));
            throw e;
        }
        Segment[] segs = partition.segments();
        Segment[] next = Arrays.copyOf(segs, segs.length + 1);
        next[segs.length] = fresh;
        partition.segments(next);
        writeSnapshot();
    }

    private void writeSnapshot() {
        try {
            StreamHeadsSnapshot.write(
                    SegmentFileNames.streamsSnapshot(partition.dir()), partition.heads(), partition.end());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, partition.describe() + ": could not write the stream heads snapshot", e);
        }
    }

    long lastTime() {
        return lastTime;
    }
}
