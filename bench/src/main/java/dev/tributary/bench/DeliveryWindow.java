package dev.tributary.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One measurement of the deliveries a {@link DeliverySink} receives: how many arrive in a window, how fast, and how
 * long after they were published.
 *
 * <pre>
 *   armed ── first delivery ──┬── warm-up ──┬──────── measured window ────────┬──
 *                             │  (from = first, or from = armed)              │
 *                        window start = from + warmup          end = start + duration, or the expect-th
 *                                                                  delivery, whichever comes first
 * </pre>
 *
 * <p>Deliveries that arrive in the window count towards the throughput (deliveries in the window ÷ its length) and,
 * when they carry a publish stamp, towards the latency percentiles. With {@code expect}, the time from the first
 * delivery to the {@code expect}-th is the drain time. If a drain ends before the warm-up does, the throughput is
 * taken over the whole drain instead and the result says {@code warm=false}.
 *
 * <p>Thread-safe: any number of event loops {@link #record} while one timer thread {@link #poll}s it until it
 * answers the report; deliveries recorded after that change nothing that was reported.
 */
final class DeliveryWindow {
    enum From {
        FIRST,
        NOW
    }

    /** Marks a time not known yet: {@link System#nanoTime()} may be any long, but not this one in practice. */
    private static final long NONE = Long.MIN_VALUE;

    private final String label;
    private final long armedNanos;
    private final long warmupNanos;
    private final long durationNanos;
    private final long expect;
    private final long timeoutNanos;
    private final From from;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong firstNanos = new AtomicLong(NONE);
    private final AtomicLong lastNanos = new AtomicLong(NONE);
    private final LongAdder inWindow = new LongAdder();
    private final LongAdder unstamped = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    /** What a finished window measured; {@code NaN} where nothing was measured. */
    record Report(String label, long received, long inWindow, double windowSeconds, double throughput,
            double drainSeconds, double armedToLastSeconds, long latencies, long unstamped, double p50Millis,
            double p99Millis, double maxMillis, boolean complete, boolean warm) {

        String line() {
            return String.format(Locale.ROOT,
                    "RESULT label=%s received=%d in_window=%d window_s=%.3f throughput=%.1f drain_s=%.3f"
                            + " armed_to_last_s=%.3f latencies=%d unstamped=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f"
                            + " complete=%b warm=%b",
                    label, received, inWindow, windowSeconds, throughput, drainSeconds, armedToLastSeconds, latencies,
                    unstamped, p50Millis, p99Millis, maxMillis, complete, warm);
        }
    }

    /**
     * @param expect deliveries after which the window ends (a drain), or 0 to end by {@code durationNanos} only
     * @param timeoutNanos after arming, the window ends whatever happened, as incomplete if {@code expect} was not met
     */
    DeliveryWindow(String label, long armedNanos, long warmupNanos, long durationNanos, long expect,
            long timeoutNanos, From from) {
        if (warmupNanos < 0 || durationNanos <= 0 || expect < 0 || timeoutNanos <= 0) {
            throw new IllegalArgumentException("warmup < 0, duration <= 0, expect < 0 or timeout <= 0");
        }
        this.label = label;
        this.armedNanos = armedNanos;
        this.warmupNanos = warmupNanos;
        this.durationNanos = durationNanos;
        this.expect = expect;
        this.timeoutNanos = timeoutNanos;
        this.from = from;
    }

    String label() {
        return label;
    }

    /**
     * One delivery arrived at {@code nanos} ({@link System#nanoTime()}).
     *
     * @param latencyNanos publish → arrival, or {@link Long#MIN_VALUE} if the delivery carried no publish stamp
     */
    void record(long nanos, long latencyNanos) {
        long n = received.incrementAndGet();
        firstNanos.compareAndSet(NONE, nanos);
        if (expect > 0 && n == expect) {
            lastNanos.set(nanos);
        }
        long start = windowStart();
        long last = lastNanos.get();
        if (start != NONE && nanos >= start && nanos < start + durationNanos && (last == NONE || nanos <= last)) {
            inWindow.increment();
            if (latencyNanos == Long.MIN_VALUE) {
                unstamped.increment();
            } else {
                latency.record(latencyNanos);
            }
        }
    }

    /** The report if the window is over at {@code now}, else null. Call it from one thread. */
    Report poll(long now) {
        long start = windowStart();
        long last = lastNanos.get();
        boolean drained = last != NONE;
        boolean timedOut = now - armedNanos >= timeoutNanos;
        boolean windowOver = start != NONE && now >= start + durationNanos;
        if (!drained && !timedOut && !windowOver) {
            return null;
        }
        long end = drained ? Math.min(last, start + durationNanos) : Math.min(now, start + durationNanos);
        double windowSeconds = start == NONE ? 0 : Math.max(0, end - start) / 1e9;
        long first = firstNanos.get();
        double drainSeconds = drained ? (last - first) / 1e9 : Double.NaN;
        boolean warm = windowSeconds > 0;
        double throughput = warm
                ? inWindow.sum() / windowSeconds
                : drained && last > first ? expect / drainSeconds : Double.NaN;
        long latencies = latency.count();
        return new Report(label, received.get(), inWindow.sum(), windowSeconds, throughput, drainSeconds,
                drained ? (last - armedNanos) / 1e9 : Double.NaN, latencies, unstamped.sum(),
                latencies == 0 ? Double.NaN : latency.percentileNanos(50) / 1e6,
                latencies == 0 ? Double.NaN : latency.percentileNanos(99) / 1e6,
                latencies == 0 ? Double.NaN : latency.maxNanos() / 1e6,
                expect == 0 ? windowOver : drained, warm);
    }

    /** {@link System#nanoTime()} when the measured window starts, or {@link #NONE} while that is not known yet. */
    private long windowStart() {
        if (from == From.NOW) {
            return armedNanos + warmupNanos;
        }
        long first = firstNanos.get();
        return first == NONE ? NONE : first + warmupNanos;
    }
}
