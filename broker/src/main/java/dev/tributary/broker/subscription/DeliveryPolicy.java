package dev.tributary.broker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.Names;
import dev.tributary.core.delivery.BackoffPolicy;
import dev.tributary.core.delivery.RetryLimits;
import dev.tributary.core.filter.EvaluationErrors;
import dev.tributary.core.filter.Filter;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a subscription delivers: retry back-off and limits (overridable per event type or source), per-attempt
 * timeout, rate limit, in-flight bound, ordering, circuit breaker, priority rules and the dead-letter bus. Immutable.
 *
 * <p>JSON ({@code delivery} member of a subscription; every member optional):
 * <pre>
 * {"backoff": {"kind": "exponential", "initial": "PT1S", "factor": 2, "jitter": 0.2, "cap": "PT1H"},
 *  "limits": {"maxAttempts": 8, "maxDuration": "P7D"},
 *  "timeout": "PT30S", "rateLimit": 100, "maxInFlight": 64, "ordering": "unordered" | "ordered",
 *  "maxRetryAfter": "PT1H",
 *  "circuitBreaker": {"failures": 20, "failingFor": "PT5S", "probe": {...backoff...}},
 *  "priority": [{"when": "type = 'order.paid'", "level": 9}],
 *  "overrides": [{"types": ["order.refunded"], "sources": ["/psp"], "backoff": {...}, "limits": {...}}],
 *  "deadLetterBus": "orders-crm-dlq"}
 * </pre>
 * Defaults: Svix's schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, ±20 %) with 8 attempts, 30 s
 * timeout, no rate limit, 64 in flight, unordered, a breaker after 20 failures in a row probing from 5 s up to 5 min,
 * no priority rules (the {@code priority} extension, else 0), dead letters to {@code <subscription id>-dlq}.
 */
public record DeliveryPolicy(
        Retry retry,
        List<Override> overrides,
        Duration timeout,
        double rateLimit,
        int maxInFlight,
        Ordering ordering,
        Duration maxRetryAfter,
        CircuitBreaker circuitBreaker,
        List<PriorityRule> priority,
        String deadLetterBus) {

    public static final int MAX_PRIORITY = 9;

    public enum Ordering {
        /** Up to max in-flight deliveries at once; offsets are committed up to the contiguous completed prefix. */
        UNORDERED,
        /** Order per key (partition key, else stream, else subject): an event waits only for earlier ones of its key. */
        ORDERED
    }

    /** When to retry and when to give up. */
    public record Retry(BackoffPolicy backoff, RetryLimits limits) {}

    /** A retry policy for events of some types and/or sources; the first override that matches wins. */
    public record Override(List<String> types, List<String> sources, Retry retry) {
        public boolean matches(CloudEvent event) {
            return (types.isEmpty() || types.contains(event.getType()))
                    && (sources.isEmpty() || sources.contains(event.getSource().toString()));
        }
    }

    /**
     * After {@code failures} failed attempts in a row that span at least {@code failingFor} the sink is unhealthy and
     * probed with {@code probe}. The span keeps a burst of attempts failing at one moment (ten events in flight when
     * the sink went down) from opening the circuit on its own.
     */
    public record CircuitBreaker(int failures, Duration failingFor, BackoffPolicy probe) {
        public static final Duration DEFAULT_FAILING_FOR = Duration.ofSeconds(5);
    }

    /** Events matching {@code when} (CESQL) get {@code level}; the first matching rule wins. */
    public record PriorityRule(String when, Filter filter, int level) {}

    public DeliveryPolicy {
        overrides = List.copyOf(overrides);
        priority = List.copyOf(priority);
    }

    private static final Set<String> MEMBERS = Set.of("backoff", "limits", "timeout", "rateLimit", "maxInFlight",
            "ordering", "maxRetryAfter", "circuitBreaker", "priority", "overrides", "deadLetterBus");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final BackoffPolicy DEFAULT_PROBE =
            BackoffPolicy.exponential(Duration.ofSeconds(5), 2, 0.2, Duration.ofMinutes(5));

    /** The retry policy for {@code event}: the first matching override's, else the subscription's. */
    public Retry retryFor(CloudEvent event) {
        for (Override o : overrides) {
            if (o.matches(event)) {
                return o.retry();
            }
        }
        return retry;
    }

    /**
     * The priority of {@code event}, 0 (lowest) to {@value #MAX_PRIORITY}: the first matching rule's level, else its
     * {@code priority} extension when that is an integer in range, else 0.
     */
    public int priorityOf(CloudEvent event) {
        for (PriorityRule rule : priority) {
            if (rule.filter().matches(event)) {
                return rule.level();
            }
        }
        Object ext = event.getExtension("priority");
        if (ext instanceof Integer i && i >= 0 && i <= MAX_PRIORITY) {
            return i;
        }
        if (ext instanceof String s && s.length() == 1 && Character.isDigit(s.charAt(0))) {
            return s.charAt(0) - '0';
        }
        return 0;
    }

    /** Reads a {@code delivery} member; {@code null} gives the defaults. */
    static DeliveryPolicy fromJson(JsonNode node, String subscriptionId, EvaluationErrors errors) {
        Fields f = node == null ? null : Fields.of(node, "delivery", MEMBERS).rejectUnknown();
        Retry retry = retry(f, "delivery");
        List<Override> overrides = new ArrayList<>();
        JsonNode list = f == null ? null : f.node("overrides");
        if (list != null) {
            if (!list.isArray()) {
                throw new InvalidFieldException("delivery.overrides", "must be an array");
            }
            for (int i = 0; i < list.size(); i++) {
                String at = "delivery.overrides[" + i + "]";
                Fields o = Fields.of(list.get(i), at, Set.of("types", "sources", "backoff", "limits")).rejectUnknown();
                List<String> types = o.texts("types");
                List<String> sources = o.texts("sources");
                if (types.isEmpty() && sources.isEmpty()) {
                    throw new InvalidFieldException(at, "needs types or sources to say which events it applies to");
                }
                Retry base = retry;
                Retry own = new Retry(
                        o.has("backoff") ? BackoffPolicy.fromJson(o.node("backoff"), at + ".backoff") : base.backoff(),
                        o.has("limits") ? RetryLimits.fromJson(o.node("limits"), at + ".limits") : base.limits());
                overrides.add(new Override(types, sources, own));
            }
        }
        return new DeliveryPolicy(
                retry,
                overrides,
                f == null ? DEFAULT_TIMEOUT : f.duration("timeout", DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(5)),
                f == null ? 0 : f.number("rateLimit", 0, 0, 1_000_000),
                f == null ? 64 : (int) f.integer("maxInFlight", 64, 1, 10_000),
                f == null ? Ordering.UNORDERED : Ordering.valueOf(
                        f.choice("ordering", "unordered", List.of("unordered", "ordered")).toUpperCase(Locale.ROOT)),
                f == null ? Duration.ofHours(1) : f.duration("maxRetryAfter", Duration.ofHours(1), Duration.ZERO, Duration.ofDays(1)),
                circuitBreaker(f == null ? null : f.node("circuitBreaker")),
                priority(f == null ? null : f.node("priority"), errors),
                deadLetterBus(f, subscriptionId));
    }

    private static String deadLetterBus(Fields f, String subscriptionId) {
        String bus = f == null ? subscriptionId + "-dlq" : f.text("deadLetterBus", subscriptionId + "-dlq");
        if (!Names.isBusName(bus)) {
            throw new InvalidFieldException("delivery.deadLetterBus",
                    "must be a bus name of 1-64 characters a-z 0-9 _ - starting with a letter or digit, was \"" + bus + "\"");
        }
        return bus;
    }

    private static Retry retry(Fields f, String at) {
        boolean own = f != null && f.has("backoff");
        BackoffPolicy backoff = own ? BackoffPolicy.fromJson(f.node("backoff"), at + ".backoff") : BackoffPolicy.defaultSchedule();
        RetryLimits limits = f != null && f.has("limits")
                ? RetryLimits.fromJson(f.node("limits"), at + ".limits")
                : RetryLimits.defaultLimits();
        return new Retry(backoff, limits);
    }

    private static CircuitBreaker circuitBreaker(JsonNode node) {
        if (node == null) {
            return new CircuitBreaker(20, CircuitBreaker.DEFAULT_FAILING_FOR, DEFAULT_PROBE);
        }
        Fields f = Fields.of(node, "delivery.circuitBreaker", Set.of("failures", "failingFor", "probe")).rejectUnknown();
        return new CircuitBreaker(
                (int) f.integer("failures", 20, 1, 1_000_000),
                f.duration("failingFor", CircuitBreaker.DEFAULT_FAILING_FOR, Duration.ZERO, Duration.ofHours(1)),
                f.has("probe") ? BackoffPolicy.fromJson(f.node("probe"), "delivery.circuitBreaker.probe") : DEFAULT_PROBE);
    }

    private static List<PriorityRule> priority(JsonNode node, EvaluationErrors errors) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidFieldException("delivery.priority", "must be an array of {\"when\": <CESQL>, \"level\": 0-9}");
        }
        List<PriorityRule> rules = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "delivery.priority[" + i + "]";
            Fields r = Fields.of(node.get(i), at, Set.of("when", "level")).rejectUnknown();
            String when = r.requiredText("when");
            int level = (int) r.integer("level", -1, 0, MAX_PRIORITY);
            if (level < 0) {
                throw new InvalidFieldException(at + ".level", "is required: 0 (lowest) to " + MAX_PRIORITY);
            }
            JsonNodeFactory json = JsonNodeFactory.instance;
            Filter filter = Filter.parse(json.arrayNode().add(json.objectNode().put("sql", when)), at + ".when", errors);
            rules.add(new PriorityRule(when, filter, level));
        }
        return rules;
    }

    /** The JSON form that {@link #fromJson} reads back, with every default spelled out. */
    ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("backoff", retry.backoff().toJson());
        out.set("limits", retry.limits().toJson());
        out.put("timeout", timeout.toString());
        out.put("rateLimit", rateLimit);
        out.put("maxInFlight", maxInFlight);
        out.put("ordering", ordering.name().toLowerCase(Locale.ROOT));
        out.put("maxRetryAfter", maxRetryAfter.toString());
        ObjectNode breaker = out.putObject("circuitBreaker");
        breaker.put("failures", circuitBreaker.failures());
        breaker.put("failingFor", circuitBreaker.failingFor().toString());
        breaker.set("probe", circuitBreaker.probe().toJson());
        var rules = out.putArray("priority");
        priority.forEach(r -> rules.addObject().put("when", r.when()).put("level", r.level()));
        var list = out.putArray("overrides");
        for (Override o : overrides) {
            ObjectNode item = list.addObject();
            o.types().forEach(item.withArray("types")::add);
            o.sources().forEach(item.withArray("sources")::add);
            item.set("backoff", o.retry().backoff().toJson());
            item.set("limits", o.retry().limits().toJson());
        }
        out.put("deadLetterBus", deadLetterBus);
        return out;
    }
}
