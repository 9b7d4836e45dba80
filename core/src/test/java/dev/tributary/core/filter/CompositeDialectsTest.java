package dev.tributary.core.filter;

import static dev.tributary.core.filter.FilterFixtures.event;
import static dev.tributary.core.filter.FilterFixtures.filter;
import static dev.tributary.core.filter.FilterFixtures.filters;
import static dev.tributary.core.filter.FilterFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;

class CompositeDialectsTest {
    private static final String IS_ORDER = "{'prefix': {'type': 'order.'}}";
    private static final String IS_REFUND = "{'prefix': {'type': 'refund.'}}";
    private final CloudEvent order = event().withSubject("eu").build();

    @Test
    void allHoldsWhenEverySubFilterHolds() {
        assertThat(filter("{'all': [" + IS_ORDER + ", {'exact': {'subject': 'eu'}}]}").matches(order)).isTrue();
        assertThat(filter("{'all': [" + IS_ORDER + ", " + IS_REFUND + "]}").matches(order)).isFalse();
    }

    @Test
    void anyHoldsWhenOneSubFilterHolds() {
        assertThat(filter("{'any': [" + IS_REFUND + ", " + IS_ORDER + "]}").matches(order)).isTrue();
        assertThat(filter("{'any': [" + IS_REFUND + ", {'exact': {'subject': 'us'}}]}").matches(order)).isFalse();
    }

    @Test
    void notInvertsItsFilter() {
        assertThat(filter("{'not': " + IS_REFUND + "}").matches(order)).isTrue();
        assertThat(filter("{'not': " + IS_ORDER + "}").matches(order)).isFalse();
    }

    @Test
    void emptyAllHoldsAndEmptyAnyDoesNot() {
        assertThat(filter("{'all': []}").matches(order)).isTrue();
        assertThat(filter("{'any': []}").matches(order)).isFalse();
    }

    @Test
    void notOfAbsentAttributeHolds() {
        assertThat(filter("{'not': {'exact': {'region': 'eu'}}}").matches(order)).isTrue();
    }

    @Test
    void dialectsNest() {
        Filter nested = filter("{'all': [" + IS_ORDER + ", {'any': [{'exact': {'subject': 'us'}}, {'not': {'any': ["
                + IS_REFUND + ", {'suffix': {'subject': 'u'}}]}}]}]}");
        assertThat(nested.matches(order)).isFalse();
        assertThat(nested.matches(event().withSubject("eu-west").build())).isTrue();
        assertThat(nested.matches(event().withSubject("menu").build())).isFalse();
        assertThat(nested.matches(event().withSubject("us").build())).isTrue();
    }

    @Test
    void topLevelListIsAnded() {
        assertThat(filters("[" + IS_ORDER + ", {'exact': {'subject': 'eu'}}]").matches(order)).isTrue();
        assertThat(filters("[" + IS_ORDER + ", " + IS_REFUND + "]").matches(order)).isFalse();
    }

    @Test
    void emptyOrAbsentListMatchesEverything() {
        assertThat(filters("[]").matches(order)).isTrue();
        assertThat(Filter.parse(null).matches(order)).isTrue();
        assertThat(Filter.parse(NullNode.getInstance()).matches(order)).isTrue();
        assertThat(Filter.parse(MissingNode.getInstance()).matches(order)).isTrue();
        assertThat(Filter.parse(null).toJson()).isEqualTo(json("[]"));
    }
}
