package dev.tributary.log.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment of a partition: the {@code .log} file of records from {@link #baseOffset()} on, with its offset, time and
 * stream indexes.
 *
 * <pre>
 *   create ──▶ active (writer appends) ──seal()──▶ sealed (read-only, indexes mapped) ──retire()──▶ deleted
 * </pre>
 *
 * <p>Thread-safety: the partition writer is the only one that appends, seals or retires; readers use
 * {@link #acquire()}/{@link #release()} around reads so that a retired segment's channel is closed and its files
 * removed only once the last reader is done; a reader that cannot acquire treats the segment as gone (offset out of
 * range).
 * {@link #size()} is the committed size, published by the writer before the partition's committed end.
 */
final class Segment {
    private static final System.Logger LOG = System.getLogger(Segment.class.getName());

    private final Path dir;
    private final long baseOffset;
    private final FileChannel channel;
    private final AtomicInteger refs = new AtomicInteger(1); // 1 = the partition's own reference
    private volatile long size;
    private volatile long nextOffset;
    private volatile long maxTime = -1;
    private volatile OffsetIndex offsetIndex = OffsetIndex.empty();
    private volatile TimeIndex timeIndex = TimeIndex.empty();
    private volatile StreamIndex streamIndex = StreamIndex.empty();
    private volatile boolean sealed;
    private int bytesSinceIndexEntry; // writer only
    private volatile boolean retired;

    private Segment(Path dir, long baseOffset, FileChannel channel, long size) {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.channel = channel;
        this.size = size;
        this.nextOffset = baseOffset;
    }

    static Segment open(Path dir, long baseOffset, FileChannels channels) throws IOException {
        FileChannel ch = channels.open(
                SegmentFileNames.log(dir, baseOffset),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(dir, baseOffset, ch, ch.size());
    }

    long baseOffset() {
        return baseOffset;
    }

    Path file() {
        return SegmentFileNames.log(dir, baseOffset);
    }

    FileChannel channel() {
        return channel;
    }

    long size() {
        return size;
    }

    /** The offset after this segment's last record. */
    long nextOffset() {
        return nextOffset;
    }

    /** The newest append time in the segment, -1 if empty. */
    long maxTime() {
        return maxTime;
    }

    boolean isEmpty() {
        return nextOffset == baseOffset;
    }

    boolean isSealed() {
        return sealed;
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    StreamIndex streamIndex() {
        return streamIndex;
    }

    /** The file position from which to scan for {@code offset}. */
    long positionFor(long offset) {
        return offset <= baseOffset ? 0 : offsetIndex.floorPosition(relative(offset));
    }

    int relative(long offset) {
        return (int) (offset - baseOffset);
    }

    /**
     * Accounts for one committed record (writer only, in offset order), adding sparse index entries every
     * {@code indexInterval} bytes. The caller publishes {@link #commit} afterwards.
     */
    void indexRecord(long offset, long time, long position, int recordSize, int indexInterval) {
        if (bytesSinceIndexEntry >= indexInterval) {
            offsetIndex.append(relative(offset), (int) position);
            timeIndex.append(time, relative(offset));
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += recordSize;
    }

    void indexStream(long streamHash, long version, long offset) {
        streamIndex.add(streamHash, version, offset);
    }

    /** Publishes the committed size, end offset and newest time (writer only). */
    void commit(long newSize, long newNextOffset, long newestTime) {
        size = newSize;
        maxTime = newestTime;
        nextOffset = newNextOffset;
    }

    /**
     * Makes the segment read-only: fsyncs the log (so recovery only needs to re-check the active segment), then writes
     * and maps its indexes. An index that cannot be written stays on the heap: it is derived, and the next open
     * rebuilds the file.
     */
    void seal() throws IOException {
        channel.force(true);
        sealed = true;
        try {
            offsetIndex = offsetIndex.seal(SegmentFileNames.index(dir, baseOffset));
            timeIndex = timeIndex.seal(
                    SegmentFileNames.timeIndex(dir, baseOffset), maxTime, isEmpty() ? -1 : relative(nextOffset - 1));
            streamIndex = streamIndex.seal(SegmentFileNames.streamIndex(dir, baseOffset));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write the indexes of " + file() + "; keeping them in memory", e);
        }
    }

    /** Installs indexes loaded or rebuilt during recovery. */
    void restore(
            OffsetIndex offsets,
            TimeIndex times,
            StreamIndex streams,
            long newSize,
            long newNextOffset,
            long newestTime,
            int bytesSinceEntry,
            boolean isSealed) {
        offsetIndex = offsets;
        timeIndex = times;
        streamIndex = streams;
        size = newSize;
        nextOffset = newNextOffset;
        maxTime = newestTime;
        bytesSinceIndexEntry = bytesSinceEntry;
        sealed = isSealed;
    }

    boolean acquire() {
        while (true) {
            int r = refs.get();
            if (r == 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            removeFiles();
        }
    }

    /**
     * Retention: renames the files to {@code .deleted} at once (a restart then ignores them) and drops the partition's
     * reference; the channel is closed and the files removed when the last reader releases.
     */
    void retire() {
        retired = true;
        for (Path f : files()) {
            try {
                if (Files.exists(f)) {
                    Files.move(f, SegmentFileNames.deleted(f));
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not rename " + f + " for deletion", e);
            }
        }
        release();
    }

    private void removeFiles() {
        closeQuietly();
        if (!retired) {
            return;
        }
        for (Path f : files()) {
            try {
                Files.deleteIfExists(SegmentFileNames.deleted(f));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not delete " + SegmentFileNames.deleted(f), e);
            }
        }
    }

    private Path[] files() {
        return new Path[] {
            SegmentFileNames.log(dir, baseOffset),
            SegmentFileNames.index(dir, baseOffset),
            SegmentFileNames.timeIndex(dir, baseOffset),
            SegmentFileNames.streamIndex(dir, baseOffset)
        };
    }

    void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not close " + file(), e);
        }
    }

    @Override
    public String toString() {
        return file().getFileName() + "[" + baseOffset + ".." + nextOffset + ", " + size + " B]";
    }
}
