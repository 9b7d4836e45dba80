package dev.tributary.core.delivery;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;

/**
 * What one HTTP delivery attempt to a webhook came to, and so what happens next.
 *
 * <pre>
 * response or error                     kind               next
 * 2xx                                   DELIVERED          commit
 * 3xx                                   REDIRECT_REFUSED   dead letter (redirects are never followed)
 * 410                                   GONE               pause the subscription
 * 408, 429                              RETRY              back off (429 and 503 honour Retry-After)
 * other 4xx                             REJECTED           dead letter, no retry
 * 5xx, 1xx as final answer              RETRY              back off
 * connection error, timeout             RETRY              back off
 * destination not allowed (SSRF guard)  REFUSED            dead letter (nothing was sent)
 * the event's transform failed          UNSENDABLE         dead letter (nothing was sent)
 * </pre>
 *
 * <p>Sources: CloudEvents "HTTP 1.1 Web Hooks for Event Delivery" 1.0.2 §2.2 Delivery response (<a
 * href="https://github.com/cloudevents/spec/blob/main/cloudevents/http-webhook.md">http-webhook.md</a>): a response
 * MUST NOT be a 3xx and the sender MUST NOT follow it; 410 Gone means the target is retired and the sender SHOULD
 * stop; 429 carries a {@code Retry-After} the sender MUST observe. RFC 9110 §15 gives the status classes, §15.5.9 408
 * Request Timeout (the request may be repeated), §15.6.4 503 and §10.2.3 {@code Retry-After}; RFC 6585 §4 defines
 * 429. Standard Webhooks ("Delivery success and failure") treats 3xx as failure and 410 as "disable the endpoint",
 * and throttles on 429, 502 and 504. Other 4xx say the request itself is wrong, so repeating it cannot help.
 *
 * <p>An immutable record, so thread-safe. Exactly one of {@link #status()} and {@link #error()} is present; {@link
 * #retryAfter()} only on a {@link Kind#RETRY} after a 429 or 503 that carried a valid {@code Retry-After}.
 */
public record Outcome(Kind kind, OptionalInt status, Optional<Duration> retryAfter, Optional<NetworkError> error) {
    /** The classes of attempt results, each with its own consequence. */
    public enum Kind {
        /** 2xx: the receiver has the event. */
        DELIVERED,
        /** Worth another attempt later: a network error, a timeout, 408, 429 or 5xx. */
        RETRY,
        /** 410 Gone: the receiver is retired; pause the subscription rather than retry or dead-letter. */
        GONE,
        /** Another 4xx: the receiver refuses this request; dead-letter it without retrying. */
        REJECTED,
        /** 3xx: not followed, as the CloudEvents webhook spec demands; like {@link #REJECTED}, logged apart. */
        REDIRECT_REFUSED,
        /**
         * Nothing was sent: the sink's address is one the node may not call (loopback, private or link-local while
         * the configuration does not allow them). Dead-lettered like {@link #REJECTED}; retrying cannot help.
         */
        REFUSED,
        /**
         * Nothing was sent: the event could not be made into a delivery (the subscription's transform failed on it).
         * Dead-lettered with the reason; retrying would fail the same way.
         */
        UNSENDABLE;

        /** True only for {@link #RETRY}. */
        public boolean retryable() {
            return this == RETRY;
        }
    }

    /** Why an attempt got no HTTP response at all. */
    public enum NetworkError {
        /** The connection could not be made or broke (refused, reset, DNS, TLS). */
        CONNECTION,
        /** No response within the request timeout. */
        TIMEOUT,
        /** Not attempted: the destination is not allowed (see {@link Kind#REFUSED}). */
        DESTINATION_REFUSED,
        /** Not attempted: the event could not be prepared (see {@link Kind#UNSENDABLE}). */
        NOT_SENT
    }

    public Outcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(error, "error");
        if (status.isPresent() == error.isPresent()) {
            throw new IllegalArgumentException("exactly one of status and error must be present");
        }
        if (error.isPresent() && kind != kindOf(error.get())) {
            throw new IllegalArgumentException("a network error is RETRY, a refused destination REFUSED; was " + kind
                    + " with " + error.get());
        }
        if (error.isEmpty() && (kind == Kind.REFUSED || kind == Kind.UNSENDABLE)) {
            throw new IllegalArgumentException(kind + " needs the error " + (kind == Kind.REFUSED ? "DESTINATION_REFUSED" : "NOT_SENT"));
        }
        if (retryAfter.isPresent() && (kind != Kind.RETRY || retryAfter.get().isNegative())) {
            throw new IllegalArgumentException("retryAfter needs kind RETRY and a duration >= 0");
        }
    }

    /**
     * Classifies a response.
     *
     * @param status the final status code, 100 to 599
     * @param retryAfterHeader the {@code Retry-After} field value, if any; read only for 429 and 503, and ignored when
     *     it is neither delta-seconds nor an HTTP-date
     * @param now the instant the response arrived, against which an HTTP-date is measured
     * @throws IllegalArgumentException if {@code status} is not a three-digit code from 100 to 599 (RFC 9110 §15)
     */
    public static Outcome of(int status, Optional<String> retryAfterHeader, Instant now) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599, was " + status);
        }
        Kind kind = kindOf(status);
        Optional<Duration> retryAfter = status == 429 || status == 503
                ? retryAfterHeader.flatMap(value -> RetryAfter.parse(value, now))
                : Optional.empty();
        return new Outcome(kind, OptionalInt.of(status), retryAfter, Optional.empty());
    }

    /** An attempt that got no response. */
    public static Outcome ofError(NetworkError error) {
        return new Outcome(kindOf(error), OptionalInt.empty(), Optional.empty(), Optional.of(error));
    }

    private static Kind kindOf(NetworkError error) {
        return switch (error) {
            case DESTINATION_REFUSED -> Kind.REFUSED;
            case NOT_SENT -> Kind.UNSENDABLE;
            case CONNECTION, TIMEOUT -> Kind.RETRY;
        };
    }

    /** An event that could not be made into a delivery: its transform failed. */
    public static Outcome unsendable() {
        return ofError(NetworkError.NOT_SENT);
    }

    /** An attempt the node refused to make: the destination is not allowed. */
    public static Outcome refused() {
        return ofError(NetworkError.DESTINATION_REFUSED);
    }

    /**
     * An attempt that failed with {@code failure} before a response arrived: {@link NetworkError#TIMEOUT} if it or a
     * cause is a {@link HttpTimeoutException}, {@link SocketTimeoutException} or {@link TimeoutException}, otherwise
     * {@link NetworkError#CONNECTION}.
     */
    public static Outcome ofError(Throwable failure) {
        Throwable t = Objects.requireNonNull(failure, "failure");
        // Bounded, because a cause chain can be made cyclic.
        for (int depth = 0; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof HttpTimeoutException
                    || t instanceof SocketTimeoutException
                    || t instanceof TimeoutException) {
                return ofError(NetworkError.TIMEOUT);
            }
        }
        return ofError(NetworkError.CONNECTION);
    }

    /**
     * How long to wait before retry number {@code attempt}: the later of the policy's delay and the receiver's {@code
     * Retry-After}, where {@code Retry-After} counts for at most {@code maxRetryAfter}, so that a receiver can slow us
     * down but not park a delivery indefinitely. The policy's own delay is never shortened.
     *
     * @throws IllegalArgumentException if {@code outcome} is not {@link Kind#RETRY}, {@code maxRetryAfter} is negative,
     *     or the policy rejects {@code attempt} or {@code random}
     */
    public static Duration nextDelay(
            Outcome outcome, BackoffPolicy policy, int attempt, double random, Duration maxRetryAfter) {
        if (!outcome.kind().retryable()) {
            throw new IllegalArgumentException("outcome " + outcome.kind() + " is not retried");
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must be >= 0, was " + maxRetryAfter);
        }
        Duration scheduled = policy.delayBefore(attempt, random);
        Duration asked = outcome.retryAfter().map(d -> d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d)
                .orElse(Duration.ZERO);
        return asked.compareTo(scheduled) > 0 ? asked : scheduled;
    }

    private static Kind kindOf(int status) {
        if (status >= 200 && status < 300) {
            return Kind.DELIVERED;
        }
        if (status >= 300 && status < 400) {
            return Kind.REDIRECT_REFUSED;
        }
        if (status == 410) {
            return Kind.GONE;
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return Kind.REJECTED;
        }
        // 408, 429, 5xx, and a 1xx offered as the final answer: the exchange did not complete (RFC 9110 §15.2).
        return Kind.RETRY;
    }
}
