package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.filter.EvaluationErrors;
import dev.tributary.core.filter.Filter;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of deciding whether one event goes to a subscription: {@link Filter#matches} of a filter compiled once with
 * {@link Filter#parse}, per dialect, on a realistic 1 KB JSON order event ({@link BenchEvents#orderData}), once for an
 * event that passes and once for one that does not. Average time per evaluation in ns.
 *
 * <p>The filters ({@code dialect}) and what the non-matching event changes ({@code outcome=miss}):
 *
 * <ul>
 *   <li>{@code exact}: {@code type} equals {@code com.example.order.placed}; miss: another type.
 *   <li>{@code prefix}: {@code subject} starts with {@code eu/}; miss: subject {@code us/…}.
 *   <li>{@code suffix}: {@code source} ends with {@code /eu-west}; miss: source {@code …/us-east}.
 *   <li>{@code all}: those three together; miss: only the source differs, so all three are evaluated both ways.
 *   <li>{@code any}: {@code type} exact against three types, the event's being the last; miss: another type. Both
 *       evaluate all three.
 *   <li>{@code not}: not {@code type} exact {@code com.example.order.shipped}; miss: that type.
 *   <li>{@code data}: {@code data.customer.tier} exact {@code gold}: parses the 1 KB data each time; miss:
 *       {@code silver}.
 *   <li>{@code sql}: CESQL {@code type = 'com.example.order.placed'}, the same selectivity as {@code exact}.
 *   <li>{@code sqlAll}: CESQL of the same three conditions as {@code all}
 *       ({@code type = … AND subject LIKE 'eu/%' AND source LIKE '%/eu-west'}); miss: only the source differs.
 * </ul>
 *
 * <p>Both events are built once per trial, as the log's decoder builds them (CloudEvents SDK v1 events with byte
 * data), so the figure is the filter's cost alone: no decoding, no allocation of the event. The filter gets an
 * {@link EvaluationErrors} that counts, as the node's does; a non-zero count fails the trial, because an error path is
 * not the figure it claims to be.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Threads(1)
@State(Scope.Thread)
public class FilterBenchmark {
    static final String TYPE = "com.example.order.placed";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One dialect's filter and how the non-matching event differs from the matching one. */
    private record Case(String filters, UnaryOperator<CloudEventBuilder> miss) {}

    private static final Map<String, Case> CASES = Map.of(
            "exact", new Case("[{\"exact\":{\"type\":\"" + TYPE + "\"}}]",
                    e -> e.withType("com.example.order.shipped")),
            "prefix", new Case("[{\"prefix\":{\"subject\":\"eu/\"}}]",
                    e -> e.withSubject("us/orders/ord_01HZX3K9Q7M2V8N4R6T1Y5W0B3")),
            "suffix", new Case("[{\"suffix\":{\"source\":\"/eu-west\"}}]",
                    e -> e.withSource(URI.create("https://shop.example.com/checkout/us-east"))),
            "all", new Case("[{\"all\":[{\"exact\":{\"type\":\"" + TYPE + "\"}},{\"prefix\":{\"subject\":\"eu/\"}},"
                            + "{\"suffix\":{\"source\":\"/eu-west\"}}]}]",
                    e -> e.withSource(URI.create("https://shop.example.com/checkout/us-east"))),
            "any", new Case("[{\"any\":[{\"exact\":{\"type\":\"com.example.order.cancelled\"}},"
                            + "{\"exact\":{\"type\":\"com.example.order.refunded\"}},{\"exact\":{\"type\":\"" + TYPE
                            + "\"}}]}]",
                    e -> e.withType("com.example.order.shipped")),
            "not", new Case("[{\"not\":{\"exact\":{\"type\":\"com.example.order.shipped\"}}}]",
                    e -> e.withType("com.example.order.shipped")),
            "data", new Case("[{\"exact\":{\"data.customer.tier\":\"gold\"}}]",
                    e -> e.withData("application/json", BenchEvents.orderData("silver"))),
            "sql", new Case("[{\"sql\":\"type = '" + TYPE + "'\"}]",
                    e -> e.withType("com.example.order.shipped")),
            "sqlAll", new Case("[{\"sql\":\"type = '" + TYPE
                            + "' AND subject LIKE 'eu/%' AND source LIKE '%/eu-west'\"}]",
                    e -> e.withSource(URI.create("https://shop.example.com/checkout/us-east"))));

    @Param({"exact", "prefix", "suffix", "all", "any", "not", "data", "sql", "sqlAll"})
    public String dialect;

    @Param({"match", "miss"})
    public String outcome;

    private Filter filter;
    private CloudEvent event;
    private final AtomicLong errors = new AtomicLong();

    @Setup(Level.Trial)
    public void compile() throws Exception {
        Case chosen = CASES.get(dialect);
        if (chosen == null) {
            throw new IllegalArgumentException("unknown dialect '" + dialect + "'; known: " + CASES.keySet());
        }
        JsonNode filters = JSON.readTree(chosen.filters());
        filter = Filter.parse(filters, (e, path, reason) -> errors.incrementAndGet());
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId("ord_01HZX3K9Q7M2V8N4R6T1Y5W0B3-placed")
                .withSource(URI.create("https://shop.example.com/checkout/eu-west"))
                .withType(TYPE)
                .withSubject("eu/orders/ord_01HZX3K9Q7M2V8N4R6T1Y5W0B3")
                .withTime(OffsetDateTime.parse("2026-03-14T09:26:53.589Z"))
                .withExtension("partitionkey", "cus_8f3a2c71")
                .withExtension("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .withData("application/json", BenchEvents.orderData("gold"));
        boolean match = switch (outcome) {
            case "match" -> true;
            case "miss" -> false;
            default -> throw new IllegalArgumentException("outcome must be match or miss, was '" + outcome + "'");
        };
        event = match ? builder.build() : chosen.miss().apply(builder).build();
        if (filter.matches(event) != match) {
            throw new IllegalStateException(
                    "filter " + chosen.filters() + " does not give " + outcome + " on its event");
        }
    }

    @TearDown(Level.Trial)
    public void check() {
        if (errors.get() != 0) {
            throw new IllegalStateException(errors.get() + " evaluation errors: the figure measured the error path");
        }
    }

    @Benchmark
    public boolean evaluate() {
        return filter.matches(event);
    }
}
