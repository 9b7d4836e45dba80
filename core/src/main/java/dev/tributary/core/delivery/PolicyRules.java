package dev.tributary.core.delivery;

import java.time.Duration;

/**
 * Argument rules and delay arithmetic shared by the policies of this package. A broken rule throws a {@link
 * Violation}, an {@link IllegalArgumentException} whose message is {@code "<parameter> <reason>"} (e.g. {@code factor
 * must be >= 1, was 0.5}) and which keeps both parts, so that the JSON reader can re-raise it under the configuration
 * path. Stateless.
 */
final class PolicyRules {
    /** No delay, cap or limit may exceed this; it keeps every nanosecond count far from {@code long} overflow. */
    static final Duration LONGEST = Duration.ofDays(365);

    private PolicyRules() {}

    /** A rule broken by one named parameter. */
    static final class Violation extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        final String parameter;
        final String reason;

        Violation(String parameter, String reason) {
            super(parameter + " " + reason);
            this.parameter = parameter;
            this.reason = reason;
        }
    }

    static Duration positive(String name, Duration value) {
        if (value == null) {
            throw new Violation(name, "is required");
        }
        if (value.isNegative() || value.isZero()) {
            throw new Violation(name, "must be > 0, was " + value);
        }
        return atMostLongest(name, value);
    }

    static Duration notNegative(String name, Duration value) {
        if (value == null) {
            throw new Violation(name, "is required");
        }
        if (value.isNegative()) {
            throw new Violation(name, "must be >= 0, was " + value);
        }
        return atMostLongest(name, value);
    }

    static Duration cap(Duration cap, String floorName, Duration floor) {
        positive("cap", cap);
        if (cap.compareTo(floor) < 0) {
            throw new Violation("cap", "must be >= " + floorName + " (" + floor + "), was " + cap);
        }
        return cap;
    }

    static double factor(double value) {
        if (Double.isInfinite(value)) {
            throw new Violation("factor", "must be finite, was " + value);
        }
        if (!(value >= 1)) {
            throw new Violation("factor", "must be >= 1, was " + value);
        }
        return value;
    }

    static double jitter(double value) {
        if (!(value >= 0 && value < 1)) {
            throw new Violation("jitter", "must be in [0, 1), was " + value);
        }
        return value;
    }

    static void attempt(int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random must be in [0, 1), was " + random);
        }
    }

    /**
     * The delay for a nominal length in nanoseconds: first bounded by {@code capNanos}, then spread by {@code ±jitter}
     * as {@code d * (1 + jitter * (2 * random - 1))}, then bounded again. So at the cap the spread goes only downwards,
     * which still keeps many failing deliveries from retrying in lockstep.
     */
    static Duration delay(double nominalNanos, double jitter, double random, long capNanos) {
        double capped = Math.min(nominalNanos, capNanos);
        double spread = capped * (1 + jitter * (2 * random - 1));
        return Duration.ofNanos(Math.min(Math.round(spread), capNanos));
    }

    private static Duration atMostLongest(String name, Duration value) {
        if (value.compareTo(LONGEST) > 0) {
            throw new Violation(name, "must be at most 365 days, was " + value);
        }
        return value;
    }
}
