package dev.tributary.core.filter;

import static dev.tributary.core.filter.FilterFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The Subscriptions API dialects are bounded in size as CESQL is, so that no filter costs much per event. */
class FilterLimitsTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(ArrayNode filters, String path) {
        return assertThatThrownBy(() -> Filter.parse(filters))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> assertThat(e.field()).isEqualTo(path));
    }

    private static ObjectNode exact(String name, String value) {
        ObjectNode filter = NODES.objectNode();
        filter.putObject("exact").put(name, value);
        return filter;
    }

    @Test
    void rejectsMoreSiblingsThanTheConditionLimit() {
        ObjectNode any = NODES.objectNode();
        ArrayNode siblings = any.putArray("any");
        for (int i = 0; i < FilterCompiler.MAX_CONDITIONS; i++) {
            siblings.add(exact("type", "t" + i));
        }
        // The any itself, then an object and a pair per sibling: the limit bites in the middle of the list.
        rejecting(NODES.arrayNode().add(any), "filters[0].any[511].exact")
                .hasMessageEndingWith("filters hold more than 1024 conditions");
    }

    @Test
    void rejectsMorePairsThanTheConditionLimit() {
        ObjectNode filter = NODES.objectNode();
        ObjectNode pairs = filter.putObject("prefix");
        for (int i = 0; i < 2_000; i++) {
            pairs.put("ext" + i, "v");
        }
        rejecting(NODES.arrayNode().add(filter), "filters[0].prefix").hasMessageContaining("more than 1024 conditions");
    }

    @Test
    void acceptsFiltersWithinTheLimits() {
        ObjectNode any = NODES.objectNode();
        ArrayNode siblings = any.putArray("any");
        for (int i = 0; i < 500; i++) {
            siblings.add(exact("type", "t" + i));
        }
        Filter filter = Filter.parse(NODES.arrayNode().add(any));
        assertThat(filter.matches(event().withType("t499").build())).isTrue();
    }

    @Test
    void rejectsValuesLongerThanTheLimit() {
        String value = "x".repeat(FilterCompiler.MAX_VALUE_LENGTH + 1);
        rejecting(NODES.arrayNode().add(exact("subject", value)), "filters[0].exact")
                .hasMessage("filters[0].exact: value of 'subject' is longer than 4096 characters");
        assertThat(Filter.parse(NODES.arrayNode().add(exact("subject", value.substring(1)))))
                .isNotNull();
    }

    @Test
    void rejectsNamesLongerThanTheLimit() {
        String path = "data" + ".a".repeat(FilterCompiler.MAX_NAME_LENGTH);
        rejecting(NODES.arrayNode().add(exact(path, "v")), "filters[0].exact")
                .hasMessageContaining("is longer than 256 characters");
    }

    @Test
    void rejectsCesqlLongerThanTheLimitTogether() {
        ArrayNode filters = NODES.arrayNode();
        String expression = "subject = '" + "x".repeat(CesqlLimits.MAX_LENGTH / 2) + "'";
        filters.addObject().put("sql", expression);
        filters.addObject().putObject("not").put("cesql", expression);
        rejecting(filters, "filters[1].not.cesql")
                .hasMessageEndingWith("the CESQL expressions of these filters are longer than 16384 characters together");
    }
}
