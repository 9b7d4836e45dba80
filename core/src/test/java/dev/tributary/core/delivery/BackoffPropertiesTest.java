package dev.tributary.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffPropertiesTest {
    /** Rounding to whole nanoseconds may put a delay this far outside the exact band. */
    private static final double ROUNDING_NANOS = 1;

    @Property(tries = 1000)
    void exponentialDelaysStayWithinTheJitterBandAndTheCap(
            @ForAll @LongRange(min = 1, max = 60_000) long initialMillis,
            @ForAll @DoubleRange(min = 1, max = 10) double factor,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double jitter,
            @ForAll @LongRange(min = 0, max = 86_400_000) long capExtraMillis,
            @ForAll @IntRange(min = 1, max = 200) int attempt,
            @ForAll("draws") double random) {
        Duration initial = Duration.ofMillis(initialMillis);
        Duration cap = initial.plusMillis(capExtraMillis);
        BackoffPolicy policy = BackoffPolicy.exponential(initial, factor, jitter, cap);

        double nominal = Math.min(initial.toNanos() * Math.pow(factor, attempt - 1), cap.toNanos());
        long delay = policy.delayBefore(attempt, random).toNanos();

        assertThat((double) delay)
                .isBetween(nominal * (1 - jitter) - ROUNDING_NANOS, nominal * (1 + jitter) + ROUNDING_NANOS);
        assertThat(delay).isLessThanOrEqualTo(cap.toNanos());
    }

    @Property(tries = 500)
    void exponentialDelaysNeverShrinkAsAttemptsGrowForAFixedDraw(
            @ForAll @LongRange(min = 1, max = 60_000) long initialMillis,
            @ForAll @DoubleRange(min = 1, max = 10) double factor,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double jitter,
            @ForAll @IntRange(min = 1, max = 200) int attempt,
            @ForAll("draws") double random) {
        Duration initial = Duration.ofMillis(initialMillis);
        BackoffPolicy policy = BackoffPolicy.exponential(initial, factor, jitter, initial.multipliedBy(1000));
        assertThat(policy.delayBefore(attempt + 1, random)).isGreaterThanOrEqualTo(policy.delayBefore(attempt, random));
    }

    @Property(tries = 500)
    void scheduleDelaysStayWithinTheJitterBandOfTheirEntry(
            @ForAll("schedules") List<Duration> delays,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double jitter,
            @ForAll @IntRange(min = 1, max = 30) int attempt,
            @ForAll("draws") double random) {
        BackoffPolicy policy = BackoffPolicy.schedule(delays, jitter);
        double nominal = delays.get(Math.min(attempt, delays.size()) - 1).toNanos();
        long delay = policy.delayBefore(attempt, random).toNanos();
        assertThat((double) delay)
                .isBetween(nominal * (1 - jitter) - ROUNDING_NANOS, nominal * (1 + jitter) + ROUNDING_NANOS);
    }

    @Property(tries = 300)
    void linearAndLogarithmicNeverExceedTheirCap(
            @ForAll @LongRange(min = 1, max = 60_000) long firstMillis,
            @ForAll @LongRange(min = 0, max = 60_000) long stepMillis,
            @ForAll @LongRange(min = 0, max = 3_600_000) long capExtraMillis,
            @ForAll @IntRange(min = 1) int attempt,
            @ForAll("draws") double random) {
        Duration first = Duration.ofMillis(firstMillis);
        Duration cap = first.plusMillis(capExtraMillis);
        assertThat(BackoffPolicy.linear(first, Duration.ofMillis(stepMillis), cap).delayBefore(attempt, random))
                .isBetween(first, cap);
        assertThat(BackoffPolicy.logarithmic(first, cap).delayBefore(attempt, random))
                .isPositive()
                .isLessThanOrEqualTo(cap);
    }

    @Provide
    Arbitrary<Double> draws() {
        return Arbitraries.oneOf(
                Arbitraries.of(0.0, 0.5, Math.nextDown(1.0)),
                Arbitraries.doubles().between(0, true, 1, false));
    }

    @Provide
    Arbitrary<List<Duration>> schedules() {
        return Arbitraries.longs()
                .between(0, 86_400_000)
                .map(Duration::ofMillis)
                .list()
                .ofMinSize(1)
                .ofMaxSize(12);
    }
}
