package dev.tributary.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads delivery policies from Jackson trees. Every error becomes an {@link InvalidPolicyException} whose path is the
 * caller's path plus the member, e.g. {@code delivery.backoff.delays[2]}; range rules are the records' own, re-raised
 * under that path. Stateless.
 */
final class PolicyJson {
    private static final String KINDS = "exponential, linear, logarithmic, fixed, schedule";

    private PolicyJson() {}

    static ObjectNode kind(String kind) {
        return JsonNodeFactory.instance.objectNode().put("kind", kind);
    }

    static BackoffPolicy backoff(JsonNode node, String path) {
        Members in = new Members(node, path);
        String kind = in.kind();
        return switch (kind) {
            case "exponential" -> {
                in.only("kind", "initial", "factor", "jitter", "cap");
                yield in.build(() -> BackoffPolicy.exponential(
                        in.duration("initial"),
                        in.number("factor"),
                        in.optionalNumber("jitter").orElse(0.0),
                        in.duration("cap")));
            }
            case "linear" -> {
                in.only("kind", "initial", "step", "cap");
                yield in.build(() ->
                        BackoffPolicy.linear(in.duration("initial"), in.duration("step"), in.duration("cap")));
            }
            case "logarithmic" -> {
                in.only("kind", "base", "cap");
                yield in.build(() -> BackoffPolicy.logarithmic(in.duration("base"), in.duration("cap")));
            }
            case "fixed" -> {
                in.only("kind", "delay");
                yield in.build(() -> BackoffPolicy.fixed(in.duration("delay")));
            }
            case "schedule" -> {
                in.only("kind", "delays", "jitter");
                yield in.build(() -> BackoffPolicy.schedule(
                        in.durations("delays"), in.optionalNumber("jitter").orElse(0.0)));
            }
            default -> throw in.fail("kind", "must be one of " + KINDS + ", was \"" + kind + "\"");
        };
    }

    static RetryLimits limits(JsonNode node, String path) {
        Members in = new Members(node, path);
        in.only("maxAttempts", "maxDuration");
        if (!in.present("maxAttempts") && !in.present("maxDuration")) {
            throw new InvalidPolicyException(path, "needs maxAttempts, maxDuration or both");
        }
        return in.build(() -> new RetryLimits(in.optionalInt("maxAttempts"), in.optionalDuration("maxDuration")));
    }

    /** The members of one JSON object at a known path. */
    private static final class Members {
        private final JsonNode node;
        private final String path;

        Members(JsonNode node, String path) {
            if (node == null || !node.isObject()) {
                throw new InvalidPolicyException(path, "must be an object, was " + describe(node));
            }
            this.node = node;
            this.path = path;
        }

        String kind() {
            JsonNode kind = required("kind");
            if (!kind.isTextual()) {
                throw fail("kind", "must be one of " + KINDS + ", was " + describe(kind));
            }
            return kind.textValue();
        }

        void only(String... allowed) {
            Set<String> names = Set.of(allowed);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!names.contains(name)) {
                    throw fail(name, "is not allowed here; expected " + String.join(", ", allowed));
                }
            }
        }

        /** Runs a factory, re-raising its parameter rules under this object's path. */
        <T> T build(Supplier<T> factory) {
            try {
                return factory.get();
            } catch (PolicyRules.Violation v) {
                throw new InvalidPolicyException(child(v.parameter), v.reason, v);
            }
        }

        Duration duration(String name) {
            return duration(name, required(name));
        }

        Optional<Duration> optionalDuration(String name) {
            return present(name) ? Optional.of(duration(name)) : Optional.empty();
        }

        List<Duration> durations(String name) {
            JsonNode list = required(name);
            if (!list.isArray()) {
                throw fail(name, "must be an array of ISO-8601 durations, was " + describe(list));
            }
            List<Duration> delays = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                delays.add(duration(name + "[" + i + "]", list.get(i)));
            }
            return delays;
        }

        double number(String name) {
            JsonNode value = required(name);
            if (!value.isNumber()) {
                throw fail(name, "must be a number, was " + describe(value));
            }
            return value.doubleValue();
        }

        Optional<Double> optionalNumber(String name) {
            return present(name) ? Optional.of(number(name)) : Optional.empty();
        }

        OptionalInt optionalInt(String name) {
            if (!present(name)) {
                return OptionalInt.empty();
            }
            JsonNode value = node.get(name);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw fail(name, "must be an integer, was " + describe(value));
            }
            return OptionalInt.of(value.intValue());
        }

        /** Optional members may be absent or {@code null}. */
        boolean present(String name) {
            JsonNode value = node.get(name);
            return value != null && !value.isNull();
        }

        InvalidPolicyException fail(String member, String reason) {
            return new InvalidPolicyException(child(member), reason);
        }

        private JsonNode required(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw fail(name, "is required");
            }
            return value;
        }

        private Duration duration(String member, JsonNode value) {
            String hint = "must be an ISO-8601 duration such as \"PT30S\", was ";
            if (!value.isTextual()) {
                throw fail(member, hint + describe(value));
            }
            try {
                return Duration.parse(value.textValue());
            } catch (DateTimeParseException e) {
                throw new InvalidPolicyException(child(member), hint + "\"" + value.textValue() + "\"", e);
            }
        }

        private String child(String member) {
            return path == null || path.isEmpty() ? member : path + "." + member;
        }
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
