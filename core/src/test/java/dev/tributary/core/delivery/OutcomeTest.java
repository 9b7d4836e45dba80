package dev.tributary.core.delivery;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.delivery.Outcome.Kind;
import dev.tributary.core.delivery.Outcome.NetworkError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutcomeTest {
    /** Sun, 06 Nov 1994 08:49:37 GMT, the example date of RFC 9110. */
    private static final Instant NOW = Instant.parse("1994-11-06T08:49:37Z");

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void deliversOn2xx(int status) {
        assertThat(kind(status)).isEqualTo(Kind.DELIVERED);
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 301, 302, 303, 307, 308, 399})
    void refusesRedirectsWithoutRetrying(int status) {
        assertThat(kind(status)).isEqualTo(Kind.REDIRECT_REFUSED);
        assertThat(Kind.REDIRECT_REFUSED.retryable()).isFalse();
    }

    @Test
    void pausesOn410Gone() {
        assertThat(kind(410)).isEqualTo(Kind.GONE);
        assertThat(Kind.GONE.retryable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 409, 413, 415, 422, 451, 499})
    void rejectsOtherClientErrorsWithoutRetrying(int status) {
        assertThat(kind(status)).isEqualTo(Kind.REJECTED);
        assertThat(Kind.REJECTED.retryable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 501, 502, 503, 504, 505, 599, 100, 199})
    void retriesTimeoutsThrottlingServerErrorsAndInterimAnswers(int status) {
        assertThat(kind(status)).isEqualTo(Kind.RETRY);
        assertThat(Kind.RETRY.retryable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 99, 600, 1000, -200})
    void rejectsStatusCodesOutsideTheRange(int status) {
        assertThatThrownBy(() -> Outcome.of(status, Optional.empty(), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status must be 100..599, was " + status);
    }

    @Test
    void keepsTheStatusForTheAttemptLog() {
        Outcome outcome = Outcome.of(302, Optional.empty(), NOW);
        assertThat(outcome.status()).hasValue(302);
        assertThat(outcome.error()).isEmpty();
        assertThat(outcome.retryAfter()).isEmpty();
    }

    @Test
    void readsRetryAfterSecondsOn429And503() {
        assertThat(Outcome.of(429, Optional.of("120"), NOW).retryAfter()).contains(ofSeconds(120));
        assertThat(Outcome.of(503, Optional.of("0"), NOW).retryAfter()).contains(ZERO);
    }

    @Test
    void readsRetryAfterHttpDatesOn429And503() {
        assertThat(Outcome.of(503, Optional.of("Sun, 06 Nov 1994 08:51:37 GMT"), NOW).retryAfter())
                .contains(ofMinutes(2));
        assertThat(Outcome.of(429, Optional.of("Sun, 06 Nov 1994 08:49:00 GMT"), NOW).retryAfter())
                .contains(ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-5", "1.5", "+5", "0x10", "Sun, 06 Nov 1994 08:51:37 UTC", "Mon, 06 Nov 1994"})
    void ignoresGarbledRetryAfter(String value) {
        Outcome outcome = Outcome.of(429, Optional.of(value), NOW);
        assertThat(outcome.kind()).isEqualTo(Kind.RETRY);
        assertThat(outcome.retryAfter()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 504, 301})
    void ignoresRetryAfterOnOtherStatuses(int status) {
        assertThat(Outcome.of(status, Optional.of("120"), NOW).retryAfter()).isEmpty();
    }

    @Test
    void classifiesNetworkErrors() {
        assertThat(Outcome.ofError(new ConnectException("Connection refused")).error())
                .contains(NetworkError.CONNECTION);
        assertThat(Outcome.ofError(new IOException("Connection reset")).error()).contains(NetworkError.CONNECTION);
        assertThat(Outcome.ofError(new HttpTimeoutException("request timed out")).error())
                .contains(NetworkError.TIMEOUT);
        assertThat(Outcome.ofError(new HttpConnectTimeoutException("connect timed out")).error())
                .contains(NetworkError.TIMEOUT);
        assertThat(Outcome.ofError(new SocketTimeoutException()).error()).contains(NetworkError.TIMEOUT);
        assertThat(Outcome.ofError(new CompletionException(new TimeoutException())).error())
                .contains(NetworkError.TIMEOUT);
        assertThat(Outcome.ofError(new UncheckedIOException(new IOException("broken pipe"))).error())
                .contains(NetworkError.CONNECTION);
        Outcome outcome = Outcome.ofError(NetworkError.TIMEOUT);
        assertThat(outcome.kind()).isEqualTo(Kind.RETRY);
        assertThat(outcome.status()).isEmpty();
    }

    @Test
    void survivesACyclicCauseChain() {
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b);
        assertThat(Outcome.ofError(a).error()).contains(NetworkError.CONNECTION);
    }

    @Test
    void nextDelayIsThePolicyDelayWithoutRetryAfter() {
        BackoffPolicy policy = BackoffPolicy.fixed(ofSeconds(30));
        Outcome outcome = Outcome.of(500, Optional.empty(), NOW);
        assertThat(Outcome.nextDelay(outcome, policy, 1, 0.5, ofMinutes(10))).isEqualTo(ofSeconds(30));
    }

    @Test
    void nextDelayWaitsForALaterRetryAfter() {
        BackoffPolicy policy = BackoffPolicy.fixed(ofSeconds(30));
        Outcome outcome = Outcome.of(429, Optional.of("120"), NOW);
        assertThat(Outcome.nextDelay(outcome, policy, 1, 0.5, ofMinutes(10))).isEqualTo(ofSeconds(120));
    }

    @Test
    void nextDelayNeverShortensThePolicyForAnEarlierRetryAfter() {
        BackoffPolicy policy = BackoffPolicy.fixed(ofSeconds(30));
        Outcome outcome = Outcome.of(503, Optional.of("5"), NOW);
        assertThat(Outcome.nextDelay(outcome, policy, 1, 0.5, ofMinutes(10))).isEqualTo(ofSeconds(30));
    }

    @Test
    void nextDelayBoundsRetryAfterByTheMaximum() {
        BackoffPolicy policy = BackoffPolicy.fixed(ofSeconds(30));
        Outcome outcome = Outcome.of(429, Optional.of("86400"), NOW);
        assertThat(Outcome.nextDelay(outcome, policy, 1, 0.5, ofMinutes(10))).isEqualTo(ofMinutes(10));
        Duration longPolicy = Outcome.nextDelay(outcome, BackoffPolicy.fixed(ofMinutes(20)), 1, 0.5, ofMinutes(10));
        assertThat(longPolicy).isEqualTo(ofMinutes(20));
    }

    @Test
    void nextDelayUsesTheAttemptAndDraw() {
        BackoffPolicy policy = BackoffPolicy.exponential(ofSeconds(1), 2, 0.2, ofMinutes(10));
        Outcome outcome = Outcome.ofError(NetworkError.CONNECTION);
        assertThat(Outcome.nextDelay(outcome, policy, 4, 0.0, ofMinutes(10))).isEqualTo(Duration.ofMillis(6400));
    }

    @Test
    void nextDelayRefusesOutcomesThatAreNotRetried() {
        BackoffPolicy policy = BackoffPolicy.fixed(ofSeconds(30));
        assertThatThrownBy(() -> Outcome.nextDelay(Outcome.of(410, Optional.empty(), NOW), policy, 1, 0.5, ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outcome GONE is not retried");
        Outcome retry = Outcome.of(500, Optional.empty(), NOW);
        assertThatThrownBy(() -> Outcome.nextDelay(retry, policy, 1, 0.5, ofSeconds(-1)))
                .hasMessage("maxRetryAfter must be >= 0, was PT-1S");
    }

    @Test
    void rejectsInconsistentOutcomes() {
        assertThatThrownBy(() -> new Outcome(
                        Kind.DELIVERED, java.util.OptionalInt.empty(), Optional.empty(), Optional.empty()))
                .hasMessage("exactly one of status and error must be present");
        assertThatThrownBy(() -> new Outcome(
                        Kind.REJECTED, java.util.OptionalInt.empty(), Optional.empty(),
                        Optional.of(NetworkError.TIMEOUT)))
                .hasMessage("a network error is RETRY, a refused destination REFUSED; was REJECTED with TIMEOUT");
        assertThatThrownBy(() -> new Outcome(
                        Kind.RETRY, java.util.OptionalInt.empty(), Optional.empty(),
                        Optional.of(NetworkError.DESTINATION_REFUSED)))
                .hasMessageStartingWith("a network error is RETRY");
    }

    @Test
    void marksAnEventThatCouldNotBePreparedAsUnsendable() {
        Outcome unsendable = Outcome.unsendable();

        assertThat(unsendable.kind()).isEqualTo(Kind.UNSENDABLE);
        assertThat(unsendable.kind().retryable()).isFalse();
        assertThat(unsendable.error()).hasValue(NetworkError.NOT_SENT);
    }

    @Test
    void refusesADestinationWithoutRetrying() {
        Outcome refused = Outcome.refused();

        assertThat(refused.kind()).isEqualTo(Kind.REFUSED);
        assertThat(refused.kind().retryable()).isFalse();
        assertThat(refused.error()).hasValue(NetworkError.DESTINATION_REFUSED);
    }

    private static Kind kind(int status) {
        return Outcome.of(status, Optional.empty(), NOW).kind();
    }
}
