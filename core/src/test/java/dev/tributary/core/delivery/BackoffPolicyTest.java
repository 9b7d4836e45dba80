package dev.tributary.core.delivery;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofNanos;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {
    private static final double MIDDLE = 0.5;

    @Test
    void exponentialDoublesFromInitialUntilTheCap() {
        BackoffPolicy policy = BackoffPolicy.exponential(ofSeconds(1), 2, 0, ofHours(1));
        assertThat(delays(policy, MIDDLE, 1, 2, 3, 4, 12, 13, 100, Integer.MAX_VALUE))
                .containsExactly(
                        ofSeconds(1), ofSeconds(2), ofSeconds(4), ofSeconds(8), ofSeconds(2048), ofHours(1), ofHours(1),
                        ofHours(1));
    }

    @Test
    void exponentialJitterSpreadsTheDelayByTheRandomDraw() {
        BackoffPolicy policy = BackoffPolicy.exponential(ofSeconds(1), 2, 0.2, ofHours(1));
        assertThat(policy.delayBefore(4, 0.0)).isEqualTo(ofMillis(6400));
        assertThat(policy.delayBefore(4, 0.25)).isEqualTo(ofMillis(7200));
        assertThat(policy.delayBefore(4, 0.5)).isEqualTo(ofSeconds(8));
        assertThat(policy.delayBefore(4, 0.75)).isEqualTo(ofMillis(8800));
    }

    @Test
    void exponentialJitterAtTheCapOnlyShortens() {
        BackoffPolicy policy = BackoffPolicy.exponential(ofSeconds(1), 2, 0.2, ofMinutes(1));
        assertThat(policy.delayBefore(20, 0.0)).isEqualTo(ofSeconds(48));
        assertThat(policy.delayBefore(20, 0.5)).isEqualTo(ofMinutes(1));
        assertThat(policy.delayBefore(20, 0.999)).isEqualTo(ofMinutes(1));
    }

    @Test
    void exponentialWithFactorOneIsConstant() {
        BackoffPolicy policy = BackoffPolicy.exponential(ofSeconds(3), 1, 0, ofSeconds(3));
        assertThat(delays(policy, MIDDLE, 1, 50)).containsOnly(ofSeconds(3));
    }

    @Test
    void linearAddsTheStepUntilTheCap() {
        BackoffPolicy policy = BackoffPolicy.linear(ofSeconds(10), ofSeconds(30), ofMinutes(2));
        assertThat(delays(policy, 0.9, 1, 2, 3, 4, 5, 1000))
                .containsExactly(
                        ofSeconds(10), ofSeconds(40), ofSeconds(70), ofSeconds(100), ofMinutes(2), ofMinutes(2));
    }

    @Test
    void linearWithZeroStepIsConvoysConstantInterval() {
        BackoffPolicy policy = BackoffPolicy.linear(ofSeconds(100), ZERO, ofSeconds(100));
        assertThat(delays(policy, MIDDLE, 1, 2, 10)).containsOnly(ofSeconds(100));
    }

    @Test
    void logarithmicGrowsWithTheLogOfTheAttempt() {
        BackoffPolicy policy = BackoffPolicy.logarithmic(ofSeconds(10), ofSeconds(30));
        assertThat(policy.delayBefore(1, MIDDLE)).isEqualTo(ofNanos(Math.round(10e9 * Math.log(2))));
        assertThat(policy.delayBefore(1, MIDDLE)).isEqualTo(ofNanos(6_931_471_806L));
        assertThat(policy.delayBefore(2, MIDDLE)).isEqualTo(ofNanos(10_986_122_887L));
        assertThat(policy.delayBefore(9, MIDDLE)).isEqualTo(ofNanos(23_025_850_930L));
        assertThat(policy.delayBefore(20, MIDDLE)).isEqualTo(ofSeconds(30));
    }

    @Test
    void fixedIgnoresAttemptAndRandom() {
        BackoffPolicy policy = BackoffPolicy.fixed(ofSeconds(30));
        assertThat(delays(policy, 0.0, 1, 2, 1000)).containsOnly(ofSeconds(30));
        assertThat(delays(policy, 0.99, 1, 2, 1000)).containsOnly(ofSeconds(30));
    }

    @Test
    void scheduleFollowsTheListThenRepeatsItsLastDelay() {
        BackoffPolicy policy = BackoffPolicy.schedule(List.of(ZERO, ofSeconds(5), ofMinutes(5)));
        assertThat(delays(policy, 0.1, 1, 2, 3, 4, 100))
                .containsExactly(ZERO, ofSeconds(5), ofMinutes(5), ofMinutes(5), ofMinutes(5));
    }

    @Test
    void defaultScheduleIsSvixsWithTwentyPercentJitter() {
        BackoffPolicy policy = BackoffPolicy.defaultSchedule();
        List<Duration> nominal = List.of(
                ofSeconds(5), ofMinutes(5), ofMinutes(30), ofHours(2), ofHours(5), ofHours(10), ofHours(10));
        for (int attempt = 1; attempt <= nominal.size(); attempt++) {
            Duration d = nominal.get(attempt - 1);
            assertThat(policy.delayBefore(attempt, MIDDLE)).isEqualTo(d);
            assertThat(policy.delayBefore(attempt, 0.0)).isEqualTo(d.multipliedBy(4).dividedBy(5));
            assertThat(policy.delayBefore(attempt, 0.75)).isEqualTo(d.multipliedBy(11).dividedBy(10));
        }
        Duration total = nominal.stream().reduce(ZERO, Duration::plus);
        assertThat(total).isEqualTo(ofHours(27).plusMinutes(35).plusSeconds(5));
        assertThat(RetryLimits.defaultLimits().maxAttempts()).hasValue(nominal.size() + 1);
    }

    @Test
    void rejectsBadAttemptsAndDraws() {
        BackoffPolicy policy = BackoffPolicy.fixed(ofSeconds(1));
        assertRejected(() -> policy.delayBefore(0, 0.5), "attempt must be >= 1, was 0");
        assertRejected(() -> policy.delayBefore(1, 1.0), "random must be in [0, 1), was 1.0");
        assertRejected(() -> policy.delayBefore(1, -0.1), "random must be in [0, 1), was -0.1");
        assertRejected(() -> policy.delayBefore(1, Double.NaN), "random must be in [0, 1), was NaN");
    }

    @Test
    void rejectsExponentialArgumentsNamingTheParameter() {
        Duration s = ofSeconds(1);
        assertRejected(() -> BackoffPolicy.exponential(s, 0.5, 0, ofHours(1)), "factor must be >= 1, was 0.5");
        assertRejected(() -> BackoffPolicy.exponential(s, Double.NaN, 0, ofHours(1)), "factor must be >= 1, was NaN");
        assertRejected(
                () -> BackoffPolicy.exponential(s, Double.POSITIVE_INFINITY, 0, ofHours(1)),
                "factor must be finite, was Infinity");
        assertRejected(() -> BackoffPolicy.exponential(ZERO, 2, 0, ofHours(1)), "initial must be > 0, was PT0S");
        assertRejected(
                () -> BackoffPolicy.exponential(ofSeconds(-1), 2, 0, ofHours(1)), "initial must be > 0, was PT-1S");
        assertRejected(() -> BackoffPolicy.exponential(s, 2, 1, ofHours(1)), "jitter must be in [0, 1), was 1.0");
        assertRejected(() -> BackoffPolicy.exponential(s, 2, -0.1, ofHours(1)), "jitter must be in [0, 1), was -0.1");
        assertRejected(
                () -> BackoffPolicy.exponential(ofSeconds(2), 2, 0, s), "cap must be >= initial (PT2S), was PT1S");
        assertRejected(() -> BackoffPolicy.exponential(s, 2, 0, null), "cap is required");
        assertRejected(
                () -> BackoffPolicy.exponential(s, 2, 0, Duration.ofDays(366)),
                "cap must be at most 365 days, was PT8784H");
    }

    @Test
    void rejectsOtherPolicyArgumentsNamingTheParameter() {
        Duration s = ofSeconds(1);
        assertRejected(() -> BackoffPolicy.linear(s, ofSeconds(-1), ofHours(1)), "step must be >= 0, was PT-1S");
        assertRejected(() -> BackoffPolicy.linear(ZERO, s, ofHours(1)), "initial must be > 0, was PT0S");
        assertRejected(() -> BackoffPolicy.linear(ofMinutes(1), s, s), "cap must be >= initial (PT1M), was PT1S");
        assertRejected(() -> BackoffPolicy.logarithmic(ZERO, s), "base must be > 0, was PT0S");
        assertRejected(() -> BackoffPolicy.logarithmic(s, ZERO), "cap must be > 0, was PT0S");
        assertRejected(() -> BackoffPolicy.fixed(ZERO), "delay must be > 0, was PT0S");
        assertRejected(() -> BackoffPolicy.schedule(List.of()), "delays must not be empty");
        assertRejected(
                () -> BackoffPolicy.schedule(List.of(s, s, ofMillis(-5))), "delays[2] must be >= 0, was PT-0.005S");
        assertRejected(() -> BackoffPolicy.schedule(Arrays.asList(s, null)), "delays[1] is required");
        assertRejected(() -> BackoffPolicy.schedule(List.of(s), 1.5), "jitter must be in [0, 1), was 1.5");
    }

    @Test
    void scheduleKeepsItsOwnCopyOfTheList() {
        List<Duration> delays = new java.util.ArrayList<>(List.of(ofSeconds(1)));
        BackoffPolicy policy = BackoffPolicy.schedule(delays);
        delays.set(0, ofHours(1));
        assertThat(policy.delayBefore(1, MIDDLE)).isEqualTo(ofSeconds(1));
    }

    private static List<Duration> delays(BackoffPolicy policy, double random, int... attempts) {
        return Arrays.stream(attempts).mapToObj(a -> policy.delayBefore(a, random)).toList();
    }

    private static void assertRejected(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
