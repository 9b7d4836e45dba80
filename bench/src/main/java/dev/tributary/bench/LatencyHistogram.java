package dev.tributary.bench;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * A log-linear histogram of latencies in nanoseconds, precise to about 1.6 % (64 sub-buckets per power of two), from
 * 1 ns to about 19 hours. Percentiles answer the upper bound of the bucket holding the requested rank, so they
 * never under-report.
 *
 * <p>Thread-safe and lock-free: any number of threads may {@link #record(long)} while another reads.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 7;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 40; // values up to 2^47 ns

    private final AtomicLongArray counts = new AtomicLongArray((MAX_EXPONENT + 1) * SUB_BUCKETS);
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);

    void record(long nanos) {
        long value = Math.max(1, nanos);
        counts.incrementAndGet(indexOf(value));
        max.accumulate(value);
    }

    long count() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    long maxNanos() {
        return max.get();
    }

    /** The latency at or below which {@code percentile} % of the recorded values fall; 0 when empty. */
    long percentileNanos(double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be within 0..100, was " + percentile);
        }
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upperBoundOf(i), max.get());
            }
        }
        return max.get();
    }

    static int indexOf(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS + 1;
        if (exponent > MAX_EXPONENT) {
            return (MAX_EXPONENT + 1) * SUB_BUCKETS - 1;
        }
        // value >>> exponent lies in [64, 128): the upper half of the sub-buckets, each 2^exponent wide.
        int sub = (int) (value >>> exponent);
        return exponent * SUB_BUCKETS + sub;
    }

    static long upperBoundOf(int index) {
        int exponent = index / SUB_BUCKETS;
        int sub = index % SUB_BUCKETS;
        if (exponent == 0) {
            return sub;
        }
        return ((long) sub << exponent) + (1L << exponent) - 1;
    }
}
