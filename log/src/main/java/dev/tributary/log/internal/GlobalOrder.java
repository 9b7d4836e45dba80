package dev.tributary.log.internal;

import dev.tributary.log.Durability;
import dev.tributary.log.StorageException;
import dev.tributary.log.StorageUnavailableException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The global order of a bus ({@code $all}): every event of every partition gets a position, gap-free, in the order
 * its group commit became durable.
 *
 * <pre>
 * partition writer: write + fsync group ─▶ sequence(group) ─▶ pending
 * [sequencer turn on a writer pool thread] pending ─▶ one entry per group, positions end, end+count… ─▶ one write
 *   ─▶ one fsync ─▶ publish end ─▶ wake waiting readers ─▶ complete the groups' appends (with their positions)
 * </pre>
 *
 * <p>Why positions are not guessed: a group gets its positions only after its data is durable, and readers see a
 * position only after the entry naming it is durable, so there is never a hole that a late commit could fill, nor a
 * position that a crash could take back (no high-water mark, no gap timeout). The price is one more fsync per turn of
 * the sequencer, shared by every partition of the bus; the partition writers do not wait for it (each may have
 * {@link #MAX_GROUPS_IN_FLIGHT} groups waiting to be sequenced) and the producers do.
 *
 * <p>Thread-safety: {@link #sequence} may be called from any writer; turns never overlap ({@code scheduled}); reads
 * of entries go through {@link EntryCursor}s over the durable entries. When the order file cannot be written the
 * order is <em>broken</em>: the groups waiting fail with {@link StorageUnavailableException}, their data stays stored
 * (the next open sequences it), and every later append fails until the node restarts, because an order with a
 * group missing in the middle could no longer be the order of its partitions.
 */
final class GlobalOrder {
    private static final System.Logger LOG = System.getLogger(GlobalOrder.class.getName());
    /** Groups of one partition that may wait for the sequencer before its writer pauses. */
    static final int MAX_GROUPS_IN_FLIGHT = 2;

    /** A durable group commit of one partition, waiting for its positions. */
    interface Group {
        int partition();

        long offset();

        int count();

        /** Its events' keys in the {@link KeyIndex}: two per event (category or 0, type). */
        long[] keys();

        /** Called on the sequencer's thread once the group's entry is durable. */
        void sequenced(long position);

        void failed(RuntimeException error);
    }

    private final String bus;
    private final Path dir;
    private final Partition[] partitions;
    private final Durability durability;
    private final FileChannels channels;
    private final Executor pool;
    private final int entriesPerSegment;
    private final KeyIndex keyIndex;
    private final Waiters waiters = new Waiters();
    private final long[] coveredEnds; // sequencer only
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private List<Group> pending = new ArrayList<>(); // guarded by this
    private boolean running; // guarded by this
    private boolean closed; // guarded by this
    private volatile RuntimeException broken;
    private volatile OrderSegment[] segments;
    private volatile long end;
    private volatile long firstHint; // positions below it are known to be gone
    private ByteBuffer buffer = ByteBuffer.allocate(64 * OrderSegment.ENTRY_BYTES); // sequencer only

    GlobalOrder(String bus, Path dir, Partition[] partitions, Durability durability, FileChannels channels,
            Executor pool, int entriesPerSegment, OrderSegment[] segments, long[] coveredEnds, KeyIndex keyIndex) {
        this.bus = bus;
        this.dir = dir;
        this.partitions = partitions;
        this.durability = durability;
        this.channels = channels;
        this.pool = pool;
        this.entriesPerSegment = entriesPerSegment;
        this.segments = segments;
        this.coveredEnds = coveredEnds;
        this.keyIndex = keyIndex;
        this.end = segments[segments.length - 1].endPosition();
        this.firstHint = segments[0].basePosition();
    }

    String describe() {
        return "bus '" + bus + "' global order";
    }

    /** The position the next sequenced event gets; every position below it is durable and readable. */
    long end() {
        return end;
    }

    OrderSegment[] segments() {
        return segments;
    }

    KeyIndex keyIndex() {
        return keyIndex;
    }

    /** Why appends fail, or null while the order can be written. */
    RuntimeException broken() {
        return broken;
    }

    // ---- sequencing ----

    /** Queues a durable group for its positions. */
    void sequence(Group group) {
        RuntimeException failure;
        synchronized (this) {
            failure = closed ? new IllegalStateException(describe() + " is closed") : broken;
            if (failure == null) {
                pending.add(group);
            }
        }
        if (failure != null) {
            group.failed(failure);
            return;
        }
        schedule();
    }

    private void schedule() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            pool.execute(this::turn);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            fail(new IllegalStateException(describe() + " cannot write: its writer pool is closed"));
        }
    }

    private void turn() {
        List<Group> batch;
        synchronized (this) {
            batch = pending;
            pending = new ArrayList<>();
            running = true;
        }
        try {
            if (!batch.isEmpty()) {
                long first = end;
                write(batch);
                long position = first;
                for (Group g : batch) {
                    complete(g, position);
                    position += g.count();
                }
            }
        } catch (IOException | RuntimeException e) {
            StorageUnavailableException failure = new StorageUnavailableException(describe()
                    + " could not be written (" + e + "); the events are stored, and appends fail until the node "
                    + "restarts and orders them", e);
            LOG.log(Level.ERROR, failure.getMessage(), e);
            broken = failure;
            for (Group g : batch) {
                g.failed(failure);
            }
            fail(failure);
        } finally {
            synchronized (this) {
                running = false;
                notifyAll();
            }
            scheduled.set(false);
            if (hasPending()) {
                schedule();
            }
        }
    }

    private synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    private static void complete(Group g, long position) {
        try {
            g.sequenced(position);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "completing a sequenced group failed", e);
        }
    }

    private void fail(RuntimeException failure) {
        List<Group> failed;
        synchronized (this) {
            failed = pending;
            pending = new ArrayList<>();
        }
        for (Group g : failed) {
            g.failed(failure);
        }
    }

    /** Writes one entry per group (rolling the file when full), forces, and publishes the new end. */
    private void write(List<Group> batch) throws IOException {
        OrderSegment active = segments[segments.length - 1];
        int entries = active.entries();
        long position = end;
        long[] saved = coveredEnds.clone();
        buffer.clear();
        int buffered = 0;
        try {
            for (Group g : batch) {
                if (entries + buffered == entriesPerSegment) {
                    flush(active, entries, buffered, position);
                    entries += buffered;
                    buffered = 0;
                    active = roll(active, position);
                    entries = 0;
                    saved = coveredEnds.clone();
                }
                ensure(buffered + 1);
                OrderSegment.encode(buffer, position, g.partition(), g.offset(), g.count());
                coveredEnds[g.partition()] = g.offset() + g.count();
                position += g.count();
                buffered++;
            }
            flush(active, entries, buffered, position);
            index(batch, end);
        } catch (IOException | RuntimeException e) {
            System.arraycopy(saved, 0, coveredEnds, 0, saved.length);
            try {
                active.truncate(active.entries(), active.endPosition());
            } catch (IOException | RuntimeException ignored) {
                // recovery cuts a torn entry by its checksum
            }
            throw e;
        }
        end = position;
        waiters.release(position);
    }

    /** Indexes the groups of a durable batch from {@code first} on, before their positions are published. */
    private void index(List<Group> batch, long first) {
        long position = first;
        for (Group g : batch) {
            long[] keys = g.keys();
            for (int i = 0; i < g.count(); i++) {
                keyIndex.add(position + i, g.partition(), g.offset() + i, keys[2 * i], keys[2 * i + 1]);
            }
            position += g.count();
        }
        keyIndex.endOfBatch(position);
    }

    private void flush(OrderSegment active, int entries, int count, long endPosition) throws IOException {
        if (count == 0) {
            return;
        }
        buffer.flip();
        active.write(entries, buffer);
        if (durability == Durability.FSYNC) {
            active.channel().force(false);
        }
        active.commit(entries + count, endPosition);
        buffer.clear();
    }

    private void ensure(int entries) {
        if (buffer.capacity() < entries * OrderSegment.ENTRY_BYTES) {
            ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }

    /** Seals the full file (forced) and starts the next one at {@code position}. */
    private OrderSegment roll(OrderSegment full, long position) throws IOException {
        full.truncate(full.entries(), full.endPosition()); // its zeros
        full.channel().force(true);
        OrderSegment fresh = OrderSegment.create(SegmentFileNames.order(dir, position), position, coveredEnds, channels);
        OrderSegment[] segs = segments;
        OrderSegment[] next = Arrays.copyOf(segs, segs.length + 1);
        next[segs.length] = fresh;
        segments = next;
        return fresh;
    }

    // ---- readers ----

    CompletableFuture<Void> whenAvailable(long position) {
        if (end > position) {
            return CompletableFuture.completedFuture(null);
        }
        return waiters.await(position, this::end, describe());
    }

    /**
     * The first position whose event is still stored: entries whose partition data retention deleted are skipped
     * (an entry's events live in one segment, so they go all at once).
     */
    long first() {
        long hint = firstHint;
        long stop = end;
        if (hint >= stop) {
            return stop;
        }
        EntryCursor c = new EntryCursor(this, hint, true, stop);
        while (c.next()) {
            if (alive(c.partition(), c.offset(), c.count())) {
                firstHint = c.position();
                return c.position();
            }
        }
        firstHint = stop;
        return stop;
    }

    boolean alive(int partition, long offset, int count) {
        return offset + count > partitions[partition].startOffset();
    }

    /**
     * Retention: deletes the oldest files of the order whose every entry names deleted partition data (never the
     * active one). Runs on the caller's thread; readers still using a deleted file get a position out of range.
     */
    int retire() {
        int retired = 0;
        while (true) {
            OrderSegment[] segs = segments;
            if (segs.length < 2 || !allGone(segs[0])) {
                keyIndex.retire(first());
                return retired;
            }
            synchronized (this) {
                segments = Arrays.copyOfRange(segments, 1, segments.length);
            }
            segs[0].closeQuietly();
            try {
                java.nio.file.Files.deleteIfExists(segs[0].file());
            } catch (IOException e) {
                LOG.log(Level.WARNING, describe() + ": could not delete " + segs[0].file(), e);
            }
            retired++;
        }
    }

    /** True when every entry of the sealed file {@code s} names deleted events. */
    private boolean allGone(OrderSegment s) {
        try {
            EntryCursor c = new EntryCursor(this, s.basePosition(), true, s.endPosition());
            while (c.next()) {
                if (alive(c.partition(), c.offset(), c.count())) {
                    return false;
                }
            }
            return true;
        } catch (StorageException e) {
            LOG.log(Level.WARNING, e.getMessage(), e);
            return false;
        }
    }

    // ---- lifecycle ----

    /** Sequences what is pending, then closes the files. Call after the partition writers stopped. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        schedule(); // a no-op when a turn is queued or running: that turn takes what is pending
        synchronized (this) {
            // a closed pool fails what is pending at once (schedule), a broken order in its turn
            while (running || !pending.isEmpty()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        fail(new IllegalStateException(describe() + " is closed"));
        OrderSegment active = segments[segments.length - 1];
        if (broken == null) {
            try {
                active.truncate(active.entries(), active.endPosition()); // its zeros: the next open reads less
            } catch (IOException e) {
                LOG.log(Level.WARNING, describe() + ": could not cut " + active.file() + " back to its entries", e);
            }
        }
        for (OrderSegment s : segments) {
            s.closeQuietly();
        }
        waiters.failAll(new IllegalStateException(describe() + " is closed"));
    }

    /** Thrown-away state of a log that failed to open. */
    static void closeQuietly(OrderSegment[] segments) {
        for (OrderSegment s : segments) {
            if (s != null) {
                s.closeQuietly();
            }
        }
    }
}
