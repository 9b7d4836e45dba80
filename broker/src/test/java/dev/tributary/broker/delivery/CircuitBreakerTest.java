package dev.tributary.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.broker.subscription.DeliveryPolicy;
import dev.tributary.core.delivery.BackoffPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When the circuit opens, when its probe goes out, and what its view says. */
class CircuitBreakerTest {
    static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
    final TestClock clock = new TestClock(T0);
    final AtomicInteger closings = new AtomicInteger();
    final CircuitBreaker breaker = new CircuitBreaker("s", new DeliveryPolicy.CircuitBreaker(5, Duration.ofSeconds(5),
            BackoffPolicy.exponential(Duration.ofSeconds(10), 2, 0, Duration.ofMinutes(5))), Duration.ofMinutes(1),
            clock, () -> 0.5, DeliveryListener.NONE, closings::incrementAndGet);

    private void failTimes(int n) {
        for (int i = 0; i < n; i++) {
            breaker.record(false);
        }
    }

    @Test
    void aBurstOfFailuresAtOneMomentDoesNotOpenTheCircuitButSustainedFailuresDo() {
        failTimes(10); // ten events in flight failing together

        assertThat(breaker.view().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.view().failuresInARow()).isEqualTo(10);

        clock.advance(DeliveryPolicy.CircuitBreaker.DEFAULT_FAILING_FOR);
        breaker.record(false);

        CircuitView open = breaker.view();
        assertThat(open.state()).isEqualTo(CircuitState.OPEN);
        assertThat(open.nextProbeAt()).contains(clock.instant().plusSeconds(10));
        assertThat(open.openedAt()).contains(clock.instant());
    }

    @Test
    void aFailedProbeThatAnswersRetryAfterIsProbedAgainThenCappedByMaxRetryAfter() {
        failTimes(5);
        clock.advance(DeliveryPolicy.CircuitBreaker.DEFAULT_FAILING_FOR);
        breaker.record(false);
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.admit()).isTrue(); // the probe
        assertThat(breaker.view().state()).isEqualTo(CircuitState.HALF_OPEN);

        breaker.record(false, Optional.of(Duration.ofSeconds(3)));
        assertThat(breaker.view().nextProbeAt()).contains(clock.instant().plusSeconds(3));

        clock.advance(Duration.ofSeconds(3));
        assertThat(breaker.admit()).isTrue();
        breaker.record(false, Optional.of(Duration.ofHours(2)));
        assertThat(breaker.view().nextProbeAt()).contains(clock.instant().plus(Duration.ofMinutes(1)));
    }

    @Test
    void aSucceedingProbeClosesTheCircuitAndSaysSoOnce() {
        failTimes(5);
        clock.advance(DeliveryPolicy.CircuitBreaker.DEFAULT_FAILING_FOR);
        breaker.record(false);
        clock.advance(Duration.ofSeconds(10));
        breaker.admit();

        breaker.record(true);

        assertThat(breaker.view()).isEqualTo(CircuitView.IDLE);
        assertThat(closings).hasValue(1);
        breaker.record(true);
        assertThat(closings).hasValue(1);
    }

    @Test
    void aRetryDueWhileTheCircuitIsOpenGoesOutAtTheProbe() {
        Instant probe = T0.plusSeconds(30);
        CircuitView open = new CircuitView(CircuitState.OPEN, 20, Optional.of(probe), Optional.of(T0));

        assertThat(open.attemptAt(T0.plusSeconds(5))).isEqualTo(probe);
        assertThat(open.attemptAt(T0.plusSeconds(60))).isEqualTo(T0.plusSeconds(60));
        assertThat(CircuitView.IDLE.attemptAt(T0)).isEqualTo(T0);
    }
}
