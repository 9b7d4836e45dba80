package dev.tributary.log.internal;

import dev.tributary.log.LogConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Arrays;

/**
 * Deletes whole oldest segments of a partition that fall out of the retention by age (their newest append time is
 * older than {@code retentionAge}), by size (the partition holds more than {@code retentionBytes / partitions}), or
 * because stream metadata hides all they hold (limits, truncation, deletion).
 * An expired, non-empty active segment is rolled first so that a quiet bus still expires; the partition always keeps
 * at least one segment, and its start offset moves to the new first segment.
 *
 * <p>Runs on the partition writer (the only mutator of the segment list). Deleted segments are retired: renamed at
 * once, closed and removed when the last reader releases them. A roll that fails is logged and retention goes on with
 * the sealed segments.
 */
final class Retention {
    private static final System.Logger LOG = System.getLogger(Retention.class.getName());

    private Retention() {}

    /** Returns the number of segments deleted. */
    static int enforce(Partition partition, PartitionWriter writer, LogConfig config, long now) {
        int deleted = 0;
        if (config.retentionAge() != null) {
            long cutoff = now - config.retentionAge().toMillis();
            Segment active = partition.active();
            if (!active.isEmpty() && active.maxTime() < cutoff) {
                try {
                    writer.roll();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, partition.describe() + ": could not roll the expired active segment", e);
                }
            }
            while (partition.segments().length > 1 && partition.segments()[0].maxTime() < cutoff) {
                deleteOldest(partition);
                deleted++;
            }
        }
        while (partition.segments().length > 1 && nothingVisible(partition, now)) {
            deleteOldest(partition);
            deleted++;
        }
        if (config.retentionBytes() >= 0) {
            long budget = config.retentionBytes() / config.partitions();
            while (partition.segments().length > 1 && bytes(partition.segments()) > budget) {
                deleteOldest(partition);
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Whether stream metadata hides every record of the oldest segment (limits, truncation, deletion): then its space
     * goes. Reads the segment's records, so a segment found to hold something visible is not read again until the
     * metadata changes (or, with age limits, a minute later).
     */
    private static boolean nothingVisible(Partition partition, long now) {
        StreamMetadataStore metadata = partition.metadata();
        if (metadata.isEmpty()) {
            return false;
        }
        Segment[] segs = partition.segments();
        long end = segs[1].baseOffset();
        if (!partition.reclaimCheckDue(segs[0].baseOffset(), metadata.generation(), now)) {
            return false;
        }
        boolean[] hidden = {true};
        partition.scan(segs[0].baseOffset(), (segment, buf, start, size, position) -> {
            if (RecordCodec.offset(buf, start) >= end) {
                return false;
            }
            String stream = RecordCodec.streamId(buf, start);
            if (stream == null || metadata.visible(stream, RecordCodec.streamVersion(buf, start),
                    Instant.ofEpochMilli(RecordCodec.appendTime(buf, start)), partition.heads().version(stream))) {
                hidden[0] = false;
                return false;
            }
            return true;
        });
        if (!hidden[0]) {
            partition.reclaimChecked(segs[0].baseOffset(), metadata.generation(), metadata.hasAgeLimits() ? now : -1);
        }
        return hidden[0];
    }

    private static long bytes(Segment[] segs) {
        long total = 0;
        for (Segment s : segs) {
            total += s.size();
        }
        return total;
    }

    private static void deleteOldest(Partition partition) {
        Segment[] segs = partition.segments();
        Segment oldest = segs[0];
        partition.segments(Arrays.copyOfRange(segs, 1, segs.length));
        LOG.log(Level.INFO, partition.describe() + ": retention deletes " + oldest);
        oldest.retire();
    }
}
