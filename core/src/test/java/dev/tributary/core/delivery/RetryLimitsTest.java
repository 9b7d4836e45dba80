package dev.tributary.core.delivery;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RetryLimitsTest {
    @Test
    void maxAttemptsCountsTheFirstAttempt() {
        RetryLimits limits = RetryLimits.attempts(3);
        assertThat(limits.allowsAnother(1, ZERO, ofSeconds(5))).isTrue();
        assertThat(limits.allowsAnother(2, ofSeconds(5), ofSeconds(5))).isTrue();
        assertThat(limits.allowsAnother(3, ofSeconds(10), ofSeconds(5))).isFalse();
    }

    @Test
    void singleAttemptNeverRetries() {
        assertThat(RetryLimits.attempts(1).allowsAnother(1, ZERO, ZERO)).isFalse();
    }

    @Test
    void maxDurationStopsWhenTheNextAttemptWouldStartTooLate() {
        RetryLimits limits = RetryLimits.duration(ofDays(7));
        assertThat(limits.allowsAnother(1000, ofDays(6), ofDays(1))).isTrue();
        assertThat(limits.allowsAnother(1000, ofDays(6), ofDays(1).plusNanos(1))).isFalse();
        assertThat(limits.allowsAnother(2, ofDays(7).plusSeconds(1), ZERO)).isFalse();
    }

    @Test
    void bothLimitsApplyAndTheFirstReachedWins() {
        RetryLimits limits = RetryLimits.of(5, ofHours(1));
        assertThat(limits.allowsAnother(4, ofSeconds(10), ofSeconds(10))).isTrue();
        assertThat(limits.allowsAnother(5, ofSeconds(10), ofSeconds(10))).isFalse();
        assertThat(limits.allowsAnother(2, ofHours(1), ofSeconds(1))).isFalse();
    }

    @Test
    void defaultLimitsEndTheDefaultScheduleAfterEightAttempts() {
        RetryLimits limits = RetryLimits.defaultLimits();
        Duration elapsed = ZERO;
        int attempts = 1;
        while (true) {
            Duration next = BackoffPolicy.defaultSchedule().delayBefore(attempts, 0.5);
            if (!limits.allowsAnother(attempts, elapsed, next)) {
                break;
            }
            elapsed = elapsed.plus(next);
            attempts++;
        }
        assertThat(attempts).isEqualTo(8);
        assertThat(elapsed).isEqualTo(ofHours(27).plusMinutes(35).plusSeconds(5));
    }

    @Test
    void rejectsLimitsThatNeverEndOrAreOutOfRange() {
        assertThatThrownBy(() -> new RetryLimits(OptionalInt.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts or maxDuration is required");
        assertThatThrownBy(() -> RetryLimits.attempts(0)).hasMessage("maxAttempts must be >= 1, was 0");
        assertThatThrownBy(() -> RetryLimits.duration(ZERO)).hasMessage("maxDuration must be > 0, was PT0S");
        assertThatThrownBy(() -> RetryLimits.of(3, ofDays(400)))
                .hasMessage("maxDuration must be at most 365 days, was PT9600H");
    }

    @Test
    void rejectsImpossibleProgress() {
        RetryLimits limits = RetryLimits.attempts(3);
        assertThatThrownBy(() -> limits.allowsAnother(0, ZERO, ZERO)).hasMessage("attemptsSoFar must be >= 1, was 0");
        assertThatThrownBy(() -> limits.allowsAnother(1, ofSeconds(-1), ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
