package dev.tributary.log;

import java.time.Duration;

/**
 * Settings of one bus's log. Immutable; validated on construction.
 *
 * @param partitions number of partitions, 1..1024; fixed when the bus is created
 * @param segmentBytes a segment is rolled once it reaches this size (1 MiB..1 GiB)
 * @param retentionAge segments whose newest event is older than this are deleted; {@code null} keeps them forever
 * @param retentionBytes when a bus holds more than this many bytes, its oldest segments are deleted (the budget is
 *     split evenly between partitions); {@code -1} means no size limit
 * @param durability when appends complete
 * @param dedupWindow an event whose {@code source}+{@code id} was accepted within this window is not written again
 * @param indexIntervalBytes bytes of log between two entries of the sparse offset and time indexes
 * @param globalOrder whether the bus keeps one order across its partitions ({@code $all}, {@link BusLog#readAll}):
 *     each group commit then costs one more (shared) fsync before its appends complete
 * @param categorySeparator the category of a stream is its id up to the first occurrence of this text (the whole id
 *     when it has none): {@code order-17} is in category {@code order}; 1..8 characters, fixed when the bus is created
 *     since the category index is built with it
 */
public record LogConfig(
        int partitions,
        long segmentBytes,
        Duration retentionAge,
        long retentionBytes,
        Durability durability,
        Duration dedupWindow,
        int indexIntervalBytes,
        boolean globalOrder,
        String categorySeparator) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofMinutes(2);
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;
    public static final String DEFAULT_CATEGORY_SEPARATOR = "-";

    public LogConfig {
        if (partitions < 1 || partitions > 1024) {
            throw new IllegalArgumentException("partitions must be within 1..1024, was " + partitions);
        }
        if (segmentBytes < 1024 * 1024 || segmentBytes > 1024L * 1024 * 1024) {
            throw new IllegalArgumentException("segmentBytes must be within 1 MiB..1 GiB, was " + segmentBytes);
        }
        if (retentionAge != null && (retentionAge.isNegative() || retentionAge.isZero())) {
            throw new IllegalArgumentException("retentionAge must be positive, was " + retentionAge);
        }
        if (retentionBytes != -1 && retentionBytes < segmentBytes) {
            throw new IllegalArgumentException("retentionBytes must be -1 or at least segmentBytes, was " + retentionBytes);
        }
        if (durability == null) {
            throw new IllegalArgumentException("durability is required");
        }
        if (dedupWindow == null || dedupWindow.isNegative()) {
            throw new IllegalArgumentException("dedupWindow must be zero (off) or positive, was " + dedupWindow);
        }
        if (indexIntervalBytes < 256) {
            throw new IllegalArgumentException("indexIntervalBytes must be at least 256, was " + indexIntervalBytes);
        }
        if (categorySeparator == null || categorySeparator.isEmpty() || categorySeparator.length() > 8) {
            throw new IllegalArgumentException("categorySeparator must be 1..8 characters, was " + categorySeparator);
        }
    }

    /** Defaults for a bus of {@code partitions} partitions: fsync, no retention, 64 MiB segments, a global order. */
    public static LogConfig defaults(int partitions) {
        return new LogConfig(
                partitions,
                DEFAULT_SEGMENT_BYTES,
                null,
                -1,
                Durability.FSYNC,
                DEFAULT_DEDUP_WINDOW,
                DEFAULT_INDEX_INTERVAL_BYTES,
                true,
                DEFAULT_CATEGORY_SEPARATOR);
    }

    public LogConfig withDurability(Durability value) {
        return new LogConfig(partitions, segmentBytes, retentionAge, retentionBytes, value, dedupWindow, indexIntervalBytes, globalOrder,
                categorySeparator);
    }

    public LogConfig withSegmentBytes(long value) {
        return new LogConfig(partitions, value, retentionAge, retentionBytes, durability, dedupWindow, indexIntervalBytes, globalOrder,
                categorySeparator);
    }

    public LogConfig withRetention(Duration age, long bytes) {
        return new LogConfig(partitions, segmentBytes, age, bytes, durability, dedupWindow, indexIntervalBytes, globalOrder,
                categorySeparator);
    }

    public LogConfig withGlobalOrder(boolean value) {
        return new LogConfig(
                partitions, segmentBytes, retentionAge, retentionBytes, durability, dedupWindow, indexIntervalBytes, value,
                categorySeparator);
    }

    public LogConfig withDedupWindow(Duration value) {
        return new LogConfig(partitions, segmentBytes, retentionAge, retentionBytes, durability, value, indexIntervalBytes, globalOrder,
                categorySeparator);
    }

    public LogConfig withCategorySeparator(String value) {
        return new LogConfig(partitions, segmentBytes, retentionAge, retentionBytes, durability, dedupWindow,
                indexIntervalBytes, globalOrder, value);
    }

    /** The category of {@code stream}: its id up to the first {@link #categorySeparator()}, or all of it. */
    public String categoryOf(String stream) {
        int at = stream.indexOf(categorySeparator);
        return at < 0 ? stream : stream.substring(0, at);
    }
}
