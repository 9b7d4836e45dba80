package dev.tributary.log.internal;

import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import dev.tributary.log.StorageException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens one partition directory after a clean or an unclean stop.
 *
 * <ol>
 *   <li>Removes files left in transition ({@code .deleted}, {@code .tmp}).
 *   <li>Sealed segments were fsynced at roll: only their derived index files are checked (size, order, bounds) and
 *       rebuilt by one scan when missing or stale.
 *   <li>The last (active) segment is scanned with checksums; it is truncated at the first torn or bad record or
 *       offset gap, and further back to the end of the last complete group (what was cut is logged); its indexes
 *       are rebuilt on the heap.
 *   <li>Stream heads come from {@code streams.snapshot} plus a replay of the records after it, or from a replay of
 *       the whole log when the snapshot is missing or does not fit the log.
 *   <li>The dedup window is refilled from the records appended within it (found with the time index).
 * </ol>
 *
 * <p>Runs on the opening thread before the writer starts. Throws {@link StorageException} when a file cannot be read
 * at all; corruption inside a sealed segment is reported (log and listener) and left for reads to fail on.
 */
final class Recovery {
    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());
    private static final int SCAN_CHUNK = 1 << 20;

    /** The recovered partition with the writer-owned state it needs. */
    record Recovered(Partition partition, DedupWindow dedup, long lastTime) {}

    private Recovery() {}

    static Recovered open(
            Path busDir,
            String bus,
            int id,
            LogConfig config,
            Clock clock,
            LogListener listener,
            FileChannels channels) {
        Path dir = SegmentFileNames.partitionDir(busDir, id);
        Partition partition = new Partition(bus, id, dir, listener);
        try {
            Files.createDirectories(dir);
            List<Long> bases = SegmentFileNames.bases(dir, SegmentFileNames::parseLogBaseOffset);
            if (bases.isEmpty()) {
                bases.add(0L);
            }
            Segment[] segs = new Segment[bases.size()];
            for (int i = 0; i < segs.length; i++) {
                segs[i] = Segment.open(dir, bases.get(i), channels);
                if (i < segs.length - 1) {
                    loadSealed(partition, segs[i], bases.get(i + 1), config);
                } else {
                    recoverActive(partition, segs[i], config);
                }
            }
            partition.segments(segs);
            partition.restoreEnd(segs[segs.length - 1].nextOffset());
            partition.metadata(StreamMetadataStore.open(dir, clock));
        } catch (IOException e) {
            throw new StorageException(partition.describe() + ": cannot open " + dir + ": " + e, e);
        }
        restoreHeads(partition);
        DedupWindow dedup = new DedupWindow(config.dedupWindow().toMillis());
        refillDedup(partition, dedup, clock.millis(), config.dedupWindow().toMillis());
        long lastTime = -1;
        for (Segment s : partition.segments()) {
            lastTime = Math.max(lastTime, s.maxTime());
        }
        return new Recovered(partition, dedup, lastTime);
    }

    private static void loadSealed(Partition partition, Segment s, long nextBase, LogConfig config)
            throws IOException {
        long size = s.channel().size();
        long base = s.baseOffset();
        int lastRel = (int) (nextBase - 1 - base);
        OffsetIndex offsets = OffsetIndex.load(SegmentFileNames.index(s.file().getParent(), base), size);
        TimeIndex times = TimeIndex.load(SegmentFileNames.timeIndex(s.file().getParent(), base), lastRel);
        StreamIndex streams =
                StreamIndex.load(SegmentFileNames.streamIndex(s.file().getParent(), base), base, nextBase);
        if (offsets != null && times != null && streams != null) {
            s.restore(offsets, times, streams, size, nextBase, times.lastTime(), 0, true);
            return;
        }
        LOG.log(Level.INFO, partition.describe() + ": rebuilding the indexes of " + s.file());
        Scan scan = scan(partition, s, size, config, false);
        s.restore(scan.offsets, scan.times, scan.streams, size, nextBase, scan.maxTime, 0, false);
        s.seal();
    }

    private static void recoverActive(Partition partition, Segment s, LogConfig config) throws IOException {
        long size = s.channel().size();
        Scan scan = scan(partition, s, size, config, true);
        if (scan.groupEnd < scan.validEnd) {
            // Whole records of a group whose write the crash cut short: none of the group was acknowledged, and a
            // request must not be half-visible, so they go too. Rare (a crash mid-write), so index again rather
            // than undo the first scan's index entries.
            scan = scan(partition, s, scan.groupEnd, config, true);
            scan.stop = "a group cut short";
        }
        if (scan.validEnd < size) {
            LOG.log(Level.WARNING, partition.describe() + ": truncating " + s.file() + " at position " + scan.validEnd
                    + " (" + scan.stop + "), cutting " + (size - scan.validEnd) + " bytes after offset "
                    + (scan.nextOffset - 1));
            s.channel().truncate(scan.validEnd);
        }
        s.restore(scan.offsets, scan.times, scan.streams, scan.validEnd, scan.nextOffset, scan.maxTime,
                scan.bytesSinceEntry, false);
    }

    /** What one scan of a segment found, with its indexes rebuilt on the heap. */
    private static final class Scan {
        final OffsetIndex offsets = OffsetIndex.empty();
        final TimeIndex times = TimeIndex.empty();
        final StreamIndex streams = StreamIndex.empty();
        long validEnd;
        /** Where the last record ending a group ends: the point up to which whole groups were written. */
        long groupEnd;
        long nextOffset;
        long maxTime = -1;
        int bytesSinceEntry;
        String stop = "end of file";
    }

    private static Scan scan(Partition partition, Segment s, long size, LogConfig config, boolean active)
            throws IOException {
        Scan scan = new Scan();
        scan.nextOffset = s.baseOffset();
        RecordScanner scanner = new RecordScanner(s.channel(), 0, size, SCAN_CHUNK);
        int interval = config.indexIntervalBytes();
        while (true) {
            RecordScanner.Status status = scanner.next();
            if (status != RecordScanner.Status.RECORD) {
                if (status != RecordScanner.Status.END) {
                    scan.stop = status == RecordScanner.Status.TORN ? "torn record" : "bad length or checksum";
                    if (!active || status == RecordScanner.Status.CORRUPT) {
                        String why = partition.describe() + ": " + scan.stop + (active ? " (truncated)" : "");
                        partition.listener().corruptionFound(s.file(), scanner.position(), why);
                        if (!active) {
                            LOG.log(Level.ERROR, "segment " + s.file() + " is corrupt at position "
                                    + scanner.position() + ": " + why);
                        }
                    }
                }
                break;
            }
            ByteBuffer buf = scanner.buffer();
            int start = scanner.recordStart();
            long offset = RecordCodec.offset(buf, start);
            if (offset != scan.nextOffset) {
                scan.stop = "offset " + offset + " where " + scan.nextOffset + " was due";
                break;
            }
            long time = RecordCodec.appendTime(buf, start);
            int rel = (int) (offset - s.baseOffset());
            if (scan.bytesSinceEntry >= interval) {
                scan.offsets.append(rel, (int) scanner.position());
                scan.times.append(time, rel);
                scan.bytesSinceEntry = 0;
            }
            scan.bytesSinceEntry += scanner.recordSize();
            String stream = RecordCodec.streamId(buf, start);
            if (stream != null) {
                scan.streams.add(Hash64.of(stream), RecordCodec.streamVersion(buf, start), offset);
            }
            scan.maxTime = Math.max(scan.maxTime, time);
            scan.nextOffset = offset + 1;
            scan.validEnd = scanner.position() + scanner.recordSize();
            if (RecordCodec.endsGroup(buf, start)) {
                scan.groupEnd = scan.validEnd;
            }
        }
        return scan;
    }

    private static void restoreHeads(Partition partition) {
        StreamHeads heads = partition.heads();
        long end = partition.end();
        long covered = StreamHeadsSnapshot.read(SegmentFileNames.streamsSnapshot(partition.dir()), heads);
        if (covered < 0 || covered > end) {
            heads.clear();
            covered = partition.startOffset();
            if (end > covered) {
                // a new partition has no snapshot and nothing to scan: only say something when there is work
                LOG.log(Level.INFO, partition.describe() + ": no usable stream heads snapshot (the last stop was not"
                        + " clean); reading the stream versions of " + (end - covered) + " events to restore them");
            }
        }
        long from = Math.max(covered, partition.startOffset());
        try {
            partition.scan(from, (s, buf, start, size, position) -> {
                String stream = RecordCodec.streamId(buf, start);
                if (stream != null) {
                    heads.put(stream, RecordCodec.streamVersion(buf, start), RecordCodec.offset(buf, start));
                }
                return true;
            });
        } catch (StorageException e) {
            LOG.log(Level.ERROR, partition.describe() + ": stream heads are incomplete: " + e.getMessage());
        }
    }

    private static void refillDedup(Partition partition, DedupWindow dedup, long now, long window) {
        if (!dedup.enabled()) {
            return;
        }
        long cutoff = now - window;
        try {
            long from = partition.offsetAt(Instant.ofEpochMilli(cutoff));
            partition.scan(from, (s, buf, start, size, position) -> {
                long time = RecordCodec.appendTime(buf, start);
                if (time >= cutoff) {
                    dedup.record(RecordCodec.sourceIdHash(buf, start), RecordCodec.offset(buf, start), time);
                }
                return true;
            });
        } catch (StorageException e) {
            LOG.log(Level.ERROR, partition.describe() + ": dedup window is incomplete: " + e.getMessage());
        }
        dedup.mark();
    }
}
