package dev.tributary.core.transform;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The bounds every transform runs within, and the time sources they are measured with. One bad expression must fail
 * its event, not hold a dispatcher thread or fill the heap (principles 5 and 6 of DESIGN.md), so:
 *
 * @param timeout how long one JSONata evaluation may run, measured with {@code nanoTime} at every step
 * @param maxDepth how deeply JSONata evaluation may nest (expressions within expressions, function calls). A level
 *     costs about 1 KiB of Java stack, so the default of 200 stays well inside a 512 KiB thread stack.
 * @param maxStringChars the longest string a JSONata step may produce (also bounds {@code $pad} before it allocates)
 * @param maxItems the most items an array or object a JSONata step produces may have
 * @param maxOutputBytes the largest new data a transform may produce (template or JSONata), in bytes
 * @param nanoTime the monotonic clock timeouts are measured with ({@link System#nanoTime()})
 * @param clock what JSONata's {@code $now()} and {@code $millis()} return: read once per evaluation
 */
record Limits(
        Duration timeout,
        int maxDepth,
        int maxStringChars,
        int maxItems,
        int maxOutputBytes,
        LongSupplier nanoTime,
        InstantSource clock) {
    static final Limits DEFAULT = new Limits(
            Duration.ofSeconds(1), 200, 16 << 20, 1_000_000, 16 << 20, System::nanoTime, InstantSource.system());

    /** These limits with {@code clock} as what {@code $now()} reads. */
    Limits withClock(InstantSource clock) {
        return new Limits(timeout, maxDepth, maxStringChars, maxItems, maxOutputBytes, nanoTime, clock);
    }

    Limits {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout <= 0");
        }
        if (maxDepth < 1 || maxStringChars < 1 || maxItems < 1 || maxOutputBytes < 1) {
            throw new IllegalArgumentException("limits must be >= 1");
        }
        Objects.requireNonNull(nanoTime, "nanoTime");
        Objects.requireNonNull(clock, "clock");
    }
}
