package dev.tributary.core.eventstore;

import java.time.Duration;

/**
 * What a stream keeps of its events and what its owner notes about it. Events a limit cuts are no longer returned
 * by any read (the stream, the global order, its category and type); their space is reclaimed once whole segments
 * hold nothing else; the positions and versions of the others do not change.
 *
 * @param maxCount keep only the last this many versions; -1 for no limit, else 1..{@value #MAX_COUNT}
 * @param maxAge keep only events appended within this long; null for no limit, else up to {@link #MAX_AGE}
 * @param truncateBefore keep only versions from this one on; -1 for none (a soft delete sets it past the last
 *     version)
 * @param custom free-form JSON object text that the store keeps and returns (at most {@value #MAX_CUSTOM_CHARS}
 *     characters), or null
 */
public record StreamMetadata(long maxCount, Duration maxAge, long truncateBefore, String custom) {
    public static final long MAX_COUNT = 1L << 40;
    public static final Duration MAX_AGE = Duration.ofDays(36_500);
    public static final int MAX_CUSTOM_CHARS = 16 * 1024;
    /** No limits, nothing noted. */
    public static final StreamMetadata NONE = new StreamMetadata(-1, null, -1, null);

    public StreamMetadata {
        if (maxCount != -1 && (maxCount < 1 || maxCount > MAX_COUNT)) {
            throw new IllegalArgumentException("maxCount must be -1 (no limit) or within 1.." + MAX_COUNT
                    + ", was " + maxCount);
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(MAX_AGE) > 0)) {
            throw new IllegalArgumentException("maxAge must be a positive duration of at most " + MAX_AGE.toDays()
                    + " days, was " + maxAge);
        }
        if (truncateBefore < -1) {
            throw new IllegalArgumentException("truncateBefore must be -1 (none) or a version, was "
                    + truncateBefore);
        }
        if (custom != null && custom.length() > MAX_CUSTOM_CHARS) {
            throw new IllegalArgumentException("custom must be at most " + MAX_CUSTOM_CHARS + " characters, was "
                    + custom.length());
        }
    }

    public StreamMetadata withMaxCount(long value) {
        return new StreamMetadata(value, maxAge, truncateBefore, custom);
    }

    public StreamMetadata withMaxAge(Duration value) {
        return new StreamMetadata(maxCount, value, truncateBefore, custom);
    }

    public StreamMetadata withTruncateBefore(long value) {
        return new StreamMetadata(maxCount, maxAge, value, custom);
    }

    public StreamMetadata withCustom(String value) {
        return new StreamMetadata(maxCount, maxAge, truncateBefore, value);
    }

    /**
     * The first version a stream whose last version is {@code currentVersion} keeps by count and truncation (its age
     * limit may hide more).
     */
    public long firstVersion(long currentVersion) {
        long first = Math.max(0, truncateBefore);
        if (maxCount > 0) {
            first = Math.max(first, currentVersion - maxCount + 1);
        }
        return first;
    }
}
