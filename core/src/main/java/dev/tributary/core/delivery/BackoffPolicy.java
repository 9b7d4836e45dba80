package dev.tributary.core.delivery;

import static dev.tributary.core.delivery.PolicyRules.attempt;
import static dev.tributary.core.delivery.PolicyRules.delay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a failed delivery waits before its next attempt: a pure function of the retry number and a random draw.
 *
 * <p>{@link #delayBefore(int, double) delayBefore(attempt, random)} takes the 1-based number of the retry about to
 * happen (1 is the first retry, i.e. the second attempt) and a caller-supplied {@code random} in {@code [0, 1)}, so that
 * the same inputs always give the same delay. Where a policy has a jitter {@code j}, the delay {@code d} becomes {@code
 * d * (1 + j * (2 * random - 1))}, i.e. anywhere in {@code [d(1-j), d(1+j)]}, and is then bounded by the cap.
 *
 * <p>The policies are immutable records, so thread-safe. Factories validate their arguments and throw an {@link
 * IllegalArgumentException} naming the parameter, e.g. {@code factor must be >= 1, was 0.5}; no duration may exceed 365
 * days. {@link #fromJson(JsonNode, String)} and {@link #toJson()} convert to and from configuration, for example
 * {@code {"kind":"exponential","initial":"PT1S","factor":2,"jitter":0.2,"cap":"PT1H"}} (ISO-8601 durations).
 *
 * <p>A policy never ends retrying by itself; {@link RetryLimits} does.
 */
public sealed interface BackoffPolicy {
    /**
     * The delay before retry number {@code attempt}.
     *
     * @param attempt the 1-based number of the retry about to happen
     * @param random a uniform draw in {@code [0, 1)} that places the delay within the jitter band
     * @throws IllegalArgumentException if {@code attempt < 1} or {@code random} is outside {@code [0, 1)}
     */
    Duration delayBefore(int attempt, double random);

    /** This policy as configuration, the form {@link #fromJson(JsonNode, String)} reads. */
    ObjectNode toJson();

    /**
     * {@code initial * factor^(attempt-1)}, bounded by {@code cap}, spread by {@code ±jitter}.
     *
     * @param jitter the relative spread, in {@code [0, 1)}; 0 for none
     */
    static BackoffPolicy exponential(Duration initial, double factor, double jitter, Duration cap) {
        return new Exponential(initial, factor, jitter, cap);
    }

    /** {@code initial + step * (attempt-1)}, bounded by {@code cap}; a zero step gives a constant delay. */
    static BackoffPolicy linear(Duration initial, Duration step, Duration cap) {
        return new Linear(initial, step, cap);
    }

    /**
     * {@code base * ln(attempt+1)}, bounded by {@code cap}: about {@code 0.69 base} before the first retry, {@code
     * 1.1 base} before the second, {@code 2.4 base} before the tenth. Grows fast at first, then barely (Certes).
     */
    static BackoffPolicy logarithmic(Duration base, Duration cap) {
        return new Logarithmic(base, cap);
    }

    /** The same {@code delay} before every retry. */
    static BackoffPolicy fixed(Duration delay) {
        return new Fixed(delay);
    }

    /**
     * An explicit list: {@code delays.get(n-1)} before retry {@code n}; past the end, the last delay repeats (pair it
     * with {@link RetryLimits#attempts(int) RetryLimits.attempts(delays.size() + 1)} to stop there). Zero delays are
     * allowed.
     */
    static BackoffPolicy schedule(List<Duration> delays) {
        return new Schedule(delays, 0);
    }

    /** An explicit list like {@link #schedule(List)}, each delay spread by {@code ±jitter}. */
    static BackoffPolicy schedule(List<Duration> delays, double jitter) {
        return new Schedule(delays, jitter);
    }

    /**
     * The schedule the webhook industry uses, Svix's: the first attempt immediately, then retries after 5 s, 5 min, 30
     * min, 2 h, 5 h, 10 h and 10 h (8 attempts over about 27.5 hours), each delay spread by ±20 %. Pair it with {@link
     * RetryLimits#defaultLimits()}.
     *
     * <p>Sources: <a href="https://docs.svix.com/retries">docs.svix.com/retries</a>; {@code retry_schedule} in
     * svix-webhooks {@code server/svix-server/config.default.toml} and the ±20 % jitter in its {@code worker.rs}. The
     * Standard Webhooks specification gives the same start as its example schedule.
     */
    static BackoffPolicy defaultSchedule() {
        return Schedule.DEFAULT;
    }

    /**
     * Reads a policy from configuration, e.g. {@code {"kind":"linear","initial":"PT10S","step":"PT10S","cap":"PT5M"}}.
     * Kinds and members: {@code exponential} (initial, factor, jitter optional, cap), {@code linear} (initial, step,
     * cap), {@code logarithmic} (base, cap), {@code fixed} (delay), {@code schedule} (delays, jitter optional). Unknown
     * members are rejected.
     *
     * @param path where {@code node} sits in the configuration, e.g. {@code delivery.backoff}; prefixes every error
     * @throws InvalidPolicyException naming the offending member, e.g. {@code delivery.backoff.factor: must be >= 1,
     *     was 0.5}
     */
    static BackoffPolicy fromJson(JsonNode node, String path) {
        return PolicyJson.backoff(node, path);
    }

    /** See {@link BackoffPolicy#exponential(Duration, double, double, Duration)}. */
    record Exponential(Duration initial, double factor, double jitter, Duration cap) implements BackoffPolicy {
        public Exponential {
            PolicyRules.positive("initial", initial);
            PolicyRules.factor(factor);
            PolicyRules.jitter(jitter);
            PolicyRules.cap(cap, "initial", initial);
        }

        @Override
        public Duration delayBefore(int attempt, double random) {
            attempt(attempt, random);
            // Math.pow may overflow to infinity for large attempts; the cap bounds it first.
            double nominal = initial.toNanos() * Math.pow(factor, attempt - 1);
            return delay(nominal, jitter, random, cap.toNanos());
        }

        @Override
        public ObjectNode toJson() {
            return PolicyJson.kind("exponential")
                    .put("initial", initial.toString())
                    .put("factor", factor)
                    .put("jitter", jitter)
                    .put("cap", cap.toString());
        }
    }

    /** See {@link BackoffPolicy#linear(Duration, Duration, Duration)}. */
    record Linear(Duration initial, Duration step, Duration cap) implements BackoffPolicy {
        public Linear {
            PolicyRules.positive("initial", initial);
            PolicyRules.notNegative("step", step);
            PolicyRules.cap(cap, "initial", initial);
        }

        @Override
        public Duration delayBefore(int attempt, double random) {
            attempt(attempt, random);
            return delay(initial.toNanos() + (double) step.toNanos() * (attempt - 1), 0, random, cap.toNanos());
        }

        @Override
        public ObjectNode toJson() {
            return PolicyJson.kind("linear")
                    .put("initial", initial.toString())
                    .put("step", step.toString())
                    .put("cap", cap.toString());
        }
    }

    /** See {@link BackoffPolicy#logarithmic(Duration, Duration)}. */
    record Logarithmic(Duration base, Duration cap) implements BackoffPolicy {
        public Logarithmic {
            PolicyRules.positive("base", base);
            PolicyRules.positive("cap", cap);
        }

        @Override
        public Duration delayBefore(int attempt, double random) {
            attempt(attempt, random);
            return delay(base.toNanos() * Math.log(attempt + 1.0), 0, random, cap.toNanos());
        }

        @Override
        public ObjectNode toJson() {
            return PolicyJson.kind("logarithmic").put("base", base.toString()).put("cap", cap.toString());
        }
    }

    /** See {@link BackoffPolicy#fixed(Duration)}. */
    record Fixed(Duration delay) implements BackoffPolicy {
        public Fixed {
            PolicyRules.positive("delay", delay);
        }

        @Override
        public Duration delayBefore(int attempt, double random) {
            attempt(attempt, random);
            return delay;
        }

        @Override
        public ObjectNode toJson() {
            return PolicyJson.kind("fixed").put("delay", delay.toString());
        }
    }

    /** See {@link BackoffPolicy#schedule(List, double)}. */
    record Schedule(List<Duration> delays, double jitter) implements BackoffPolicy {
        static final Schedule DEFAULT = new Schedule(
                List.of(
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(30),
                        Duration.ofHours(2),
                        Duration.ofHours(5),
                        Duration.ofHours(10),
                        Duration.ofHours(10)),
                0.2);

        public Schedule {
            if (delays == null || delays.isEmpty()) {
                throw new PolicyRules.Violation("delays", "must not be empty");
            }
            List<Duration> copy = new ArrayList<>(delays.size());
            for (int i = 0; i < delays.size(); i++) {
                copy.add(PolicyRules.notNegative("delays[" + i + "]", delays.get(i)));
            }
            delays = List.copyOf(copy);
            PolicyRules.jitter(jitter);
        }

        @Override
        public Duration delayBefore(int attempt, double random) {
            attempt(attempt, random);
            Duration nominal = delays.get(Math.min(attempt, delays.size()) - 1);
            return delay(nominal.toNanos(), jitter, random, Long.MAX_VALUE);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode json = PolicyJson.kind("schedule");
            ArrayNode list = json.putArray("delays");
            delays.forEach(d -> list.add(d.toString()));
            return json.put("jitter", jitter);
        }
    }
}
