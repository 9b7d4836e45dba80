package dev.tributary.core.filter;

import static dev.tributary.core.filter.FilterFixtures.event;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.filter.FilterFixtures.RecordedErrors;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/** The composite dialects follow Java's boolean logic over whatever their sub-filters decide. */
class FilterLogicPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final RecordedErrors errors = new RecordedErrors();

    @Property(tries = 300)
    void notMatchesExactlyWhenItsFilterDoesNot(
            @ForAll("filters") ObjectNode filter, @ForAll("events") CloudEvent event) {
        ObjectNode not = NODES.objectNode().set("not", filter);
        assertThat(matches(not, event)).isEqualTo(!matches(filter, event));
        assertThat(errors.recorded).isEmpty();
    }

    @Property(tries = 300)
    void allAndAnyAgreeWithJavasBooleanLogic(
            @ForAll("subFilters") List<ObjectNode> subFilters, @ForAll("events") CloudEvent event) {
        List<Boolean> each = subFilters.stream().map(f -> matches(f, event)).toList();
        ArrayNode array = NODES.arrayNode().addAll(subFilters);

        assertThat(matches(NODES.objectNode().set("all", array), event)).isEqualTo(each.stream().allMatch(b -> b));
        assertThat(matches(NODES.objectNode().set("any", array), event)).isEqualTo(each.stream().anyMatch(b -> b));
        assertThat(Filter.parse(array, errors).matches(event)).isEqualTo(each.stream().allMatch(b -> b));
        assertThat(errors.recorded).isEmpty();
    }

    private boolean matches(JsonNode filter, CloudEvent event) {
        return Filter.parse(NODES.arrayNode().add(filter), errors).matches(event);
    }

    @Provide
    Arbitrary<List<ObjectNode>> subFilters() {
        return filters().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<ObjectNode> filters() {
        return filters(3);
    }

    private Arbitrary<ObjectNode> filters(int depth) {
        if (depth == 0) {
            return leaves();
        }
        Arbitrary<ObjectNode> inner = Arbitraries.lazy(() -> filters(depth - 1));
        Arbitrary<ArrayNode> arrays = inner.list().ofMaxSize(3).map(l -> NODES.arrayNode().addAll(l));
        return Arbitraries.<ObjectNode>frequencyOf(
                weighted(4, leaves()),
                weighted(1, arrays.map(a -> (ObjectNode) NODES.objectNode().set("all", a))),
                weighted(1, arrays.map(a -> (ObjectNode) NODES.objectNode().set("any", a))),
                weighted(1, inner.map(f -> (ObjectNode) NODES.objectNode().set("not", f))));
    }

    private static Tuple2<Integer, Arbitrary<? extends ObjectNode>> weighted(
            int weight, Arbitrary<ObjectNode> filters) {
        return Tuple.of(weight, filters);
    }

    /** Error-free leaves over a small alphabet, so that matches and misses are both common. */
    private Arbitrary<ObjectNode> leaves() {
        Arbitrary<String> dialects = Arbitraries.of("exact", "prefix", "suffix");
        Arbitrary<String> keys = Arbitraries.of("type", "subject", "region", "data.tier");
        Arbitrary<ObjectNode> pairs = Combinators.combine(dialects, keys, values())
                .as((dialect, key, value) -> (ObjectNode) NODES.objectNode()
                        .set(dialect, NODES.objectNode().put(key, value)));
        Arbitrary<ObjectNode> sql = values().map(v -> NODES.objectNode().put("sql", "type LIKE '" + v + "%'"));
        return Arbitraries.<ObjectNode>frequencyOf(weighted(5, pairs), weighted(1, sql));
    }

    private static Arbitrary<String> values() {
        return Arbitraries.strings().withChars("ab").ofMaxLength(2);
    }

    @Provide
    Arbitrary<CloudEvent> events() {
        Arbitrary<String> values = values();
        return Combinators.combine(values, values.injectNull(0.3), values.injectNull(0.3), values.injectNull(0.3))
                .as((type, subject, region, tier) -> {
                    CloudEventBuilder builder = event().withType(type.isEmpty() ? "x" : type).withSubject(subject);
                    if (region != null) {
                        builder.withExtension("region", region);
                    }
                    if (tier != null) {
                        builder.withData("application/json", ("{\"tier\": \"" + tier + "\"}").getBytes(UTF_8));
                    }
                    return builder.build();
                });
    }
}
