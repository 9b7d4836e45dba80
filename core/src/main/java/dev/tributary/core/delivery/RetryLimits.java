package dev.tributary.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * When a failing delivery stops retrying and becomes a dead letter: after {@code maxAttempts} attempts in all (the
 * first one included), or when the next attempt would start more than {@code maxDuration} after the first one (e.g.
 * {@code P7D}), whichever comes first. At least one of the two is required, so that no delivery retries forever.
 *
 * <p>An immutable record, so thread-safe. The constructor throws an {@link IllegalArgumentException} naming the
 * parameter ({@code maxAttempts must be >= 1, was 0}); {@link #fromJson(JsonNode, String)} throws an {@link
 * InvalidPolicyException} naming the member ({@code delivery.retry.maxDuration: must be > 0, was PT0S}).
 */
public record RetryLimits(OptionalInt maxAttempts, Optional<Duration> maxDuration) {
    private static final RetryLimits DEFAULT = attempts(8);

    public RetryLimits {
        Objects.requireNonNull(maxAttempts, "maxAttempts");
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxAttempts.isEmpty() && maxDuration.isEmpty()) {
            throw new PolicyRules.Violation("maxAttempts", "or maxDuration is required");
        }
        if (maxAttempts.isPresent() && maxAttempts.getAsInt() < 1) {
            throw new PolicyRules.Violation("maxAttempts", "must be >= 1, was " + maxAttempts.getAsInt());
        }
        maxDuration.ifPresent(d -> PolicyRules.positive("maxDuration", d));
    }

    /** At most {@code maxAttempts} attempts in all, the first one included. */
    public static RetryLimits attempts(int maxAttempts) {
        return new RetryLimits(OptionalInt.of(maxAttempts), Optional.empty());
    }

    /** No attempt starts more than {@code maxDuration} after the first one. */
    public static RetryLimits duration(Duration maxDuration) {
        return new RetryLimits(OptionalInt.empty(), Optional.of(maxDuration));
    }

    /** Both bounds; the first one reached ends the retries. */
    public static RetryLimits of(int maxAttempts, Duration maxDuration) {
        return new RetryLimits(OptionalInt.of(maxAttempts), Optional.of(maxDuration));
    }

    /** 8 attempts: the first plus one per delay of {@link BackoffPolicy#defaultSchedule()}. */
    public static RetryLimits defaultLimits() {
        return DEFAULT;
    }

    /**
     * Whether one more attempt may be made.
     *
     * @param attemptsSoFar attempts already made, the first one included
     * @param sinceFirstAttempt time from the start of the first attempt until now
     * @param nextDelay how long the next attempt would wait from now
     * @throws IllegalArgumentException if {@code attemptsSoFar < 1} or a duration is negative
     */
    public boolean allowsAnother(int attemptsSoFar, Duration sinceFirstAttempt, Duration nextDelay) {
        if (attemptsSoFar < 1) {
            throw new IllegalArgumentException("attemptsSoFar must be >= 1, was " + attemptsSoFar);
        }
        if (sinceFirstAttempt.isNegative() || nextDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "durations must be >= 0, were " + sinceFirstAttempt + " and " + nextDelay);
        }
        if (maxAttempts.isPresent() && attemptsSoFar >= maxAttempts.getAsInt()) {
            return false;
        }
        return maxDuration.isEmpty() || sinceFirstAttempt.plus(nextDelay).compareTo(maxDuration.get()) <= 0;
    }

    /** These limits as configuration, e.g. {@code {"maxAttempts":8,"maxDuration":"PT168H"}}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        maxAttempts.ifPresent(n -> json.put("maxAttempts", n));
        maxDuration.ifPresent(d -> json.put("maxDuration", d.toString()));
        return json;
    }

    /**
     * Reads limits from configuration: {@code {"maxAttempts":8}}, {@code {"maxDuration":"P7D"}} or both.
     *
     * @param path where {@code node} sits in the configuration, e.g. {@code delivery.retry}; prefixes every error
     * @throws InvalidPolicyException naming the offending member
     */
    public static RetryLimits fromJson(JsonNode node, String path) {
        return PolicyJson.limits(node, path);
    }
}
