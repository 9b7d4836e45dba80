package dev.tributary.core.filter;

import static dev.tributary.core.filter.FilterFixtures.event;
import static dev.tributary.core.filter.FilterFixtures.filter;
import static dev.tributary.core.filter.FilterFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.filter.FilterFixtures.RecordedErrors;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CesqlDialectTest {
    private final CloudEvent order = event().withSubject("eu").withExtension("priority", 7).build();
    private final RecordedErrors errors = new RecordedErrors();

    private Filter sql(String expression) {
        return Filter.parse(json("[{'sql': \"" + expression + "\"}]"), errors);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sql", "cesql"})
    void bothKeysHoldWhenTheExpressionIsTrue(String key) {
        Filter filter = filter("{'" + key + "': \"type LIKE 'order.%' AND priority > 5\"}");
        assertThat(filter.matches(order)).isTrue();
        assertThat(filter.matches(event().withExtension("priority", 3).build())).isFalse();
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(sql("type like 'order.%' and not (subject = 'us')").matches(order)).isTrue();
    }

    @Test
    void falseExpressionDoesNotMatchAndIsNoError() {
        assertThat(sql("subject = 'us'").matches(order)).isFalse();
        assertThat(errors.recorded).isEmpty();
    }

    @Test
    void missingAttributeIsAnErrorAndNoMatch() {
        assertThat(sql("region = 'eu'").matches(order)).isFalse();
        assertThat(errors.recorded).singleElement().asString()
                .startsWith("filters[0].sql: ")
                .contains("region");
    }

    @Test
    void existsGuardsOptionalAttributesWithoutErrors() {
        assertThat(sql("EXISTS region AND region = 'eu'").matches(order)).isFalse();
        assertThat(errors.recorded).isEmpty();
    }

    @Test
    void evaluationErrorsAreNoMatch() {
        assertThat(sql("priority / 0 = 1").matches(order)).isFalse();
        assertThat(sql("INT(subject) = 1").matches(order)).isFalse();
        assertThat(errors.recorded).hasSize(2).allMatch(e -> e.startsWith("filters[0].sql: "));
    }

    @Test
    void nonBooleanResultIsNoMatchAndReported() {
        assertThat(sql("subject").matches(order)).isFalse();
        assertThat(sql("priority + 1").matches(order)).isFalse();
        assertThat(errors.recorded).containsExactly(
                "filters[0].sql: expression yields the string 'eu', not a boolean",
                "filters[0].sql: expression yields the integer 8, not a boolean");
    }

    @Test
    void combinesWithOtherDialects() {
        Filter filter =
                Filter.parse(json("[{'exact': {'subject': 'eu'}}, {'not': {'cesql': 'priority < 5'}}]"), errors);
        assertThat(filter.matches(order)).isTrue();
    }
}
