package dev.tributary.core.filter;

import static dev.tributary.core.filter.FilterFixtures.event;
import static dev.tributary.core.filter.FilterFixtures.filter;
import static dev.tributary.core.filter.FilterFixtures.json;
import static dev.tributary.core.filter.FilterFixtures.withJsonData;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.filter.FilterFixtures.RecordedErrors;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataPathTest {
    private static final String ORDER =
            "{\"customer\": {\"tier\": \"gold\", \"id\": 42, \"vip\": true, \"score\": 1.5, \"tags\": [\"a\"],"
                    + " \"note\": null, \"address\": {\"city\": \"Lyon\"}}, \"total\": 99}";

    @Test
    void exactMatchesAStringField() {
        assertThat(filter("{'exact': {'data.customer.tier': 'gold'}}").matches(withJsonData(ORDER))).isTrue();
        assertThat(filter("{'exact': {'data.customer.tier': 'silver'}}").matches(withJsonData(ORDER))).isFalse();
    }

    @Test
    void prefixAndSuffixWorkOnDataToo() {
        assertThat(filter("{'prefix': {'data.customer.address.city': 'Ly'}}").matches(withJsonData(ORDER))).isTrue();
        assertThat(filter("{'suffix': {'data.customer.tier': 'old'}}").matches(withJsonData(ORDER))).isTrue();
    }

    @Test
    void numbersAndBooleansCompareByTheirTextForm() {
        CloudEvent order = withJsonData(ORDER);
        assertThat(filter("{'exact': {'data.total': '99'}}").matches(order)).isTrue();
        assertThat(filter("{'exact': {'data.customer.id': '42'}}").matches(order)).isTrue();
        assertThat(filter("{'exact': {'data.customer.vip': 'true'}}").matches(order)).isTrue();
        assertThat(filter("{'exact': {'data.customer.score': '1.5'}}").matches(order)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"data.customer", "data.customer.tags", "data.customer.note", "data.customer.missing",
            "data.customer.tier.deeper", "data.nothing.at.all", "data.customer.tags.0"})
    void missingOrNonScalarFieldsNeverMatch(String key) {
        Filter anything = filter("{'prefix': {'" + key + "': ''}}");
        assertThat(anything.matches(withJsonData(ORDER))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/json", "application/cloudevents+json",
            "application/vnd.order+json; charset=utf-8", "Application/JSON ; charset=utf-8"})
    void jsonContentTypesAreRead(String contentType) {
        CloudEvent event = event().withData(contentType, ORDER.getBytes(UTF_8)).build();
        assertThat(filter("{'exact': {'data.customer.tier': 'gold'}}").matches(event)).isTrue();
    }

    @Test
    void dataWithoutContentTypeIsJson() {
        CloudEvent event = event().withData(ORDER.getBytes(UTF_8)).build();
        assertThat(filter("{'exact': {'data.customer.tier': 'gold'}}").matches(event)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/octet-stream", "application/xml", "application/jsonx"})
    void nonJsonDataNeverMatchesAndIsNoError(String contentType) {
        RecordedErrors errors = new RecordedErrors();
        Filter tier = Filter.parse(json("[{'exact': {'data.customer.tier': 'gold'}}]"), errors);
        assertThat(tier.matches(event().withData(contentType, ORDER.getBytes(UTF_8)).build())).isFalse();
        assertThat(errors.recorded).isEmpty();
    }

    @Test
    void eventWithoutDataNeverMatches() {
        assertThat(filter("{'prefix': {'data.customer.tier': ''}}").matches(event().build())).isFalse();
    }

    @Test
    void unparsableJsonDataIsNoMatchAndReportedOnce() {
        RecordedErrors errors = new RecordedErrors();
        Filter twoKeys = Filter.parse(
                json("[{'any': [{'exact': {'data.a': '1'}}, {'exact': {'data.b': '2'}}]}]"), errors);
        assertThat(twoKeys.matches(withJsonData("{\"a\": 1,"))).isFalse();
        assertThat(twoKeys.matches(withJsonData("{\"a\": 1} trailing"))).isFalse();
        assertThat(errors.recorded)
                .hasSize(2)
                .allMatch(e -> e.startsWith("filters[0].any[0].exact: data is not valid JSON"));
    }

    @Test
    void parsesTheDataOfAnEventOnceHoweverManyKeysAndFilters() {
        AtomicInteger reads = new AtomicInteger();
        CloudEventData counted = () -> {
            reads.incrementAndGet();
            return ORDER.getBytes(UTF_8);
        };
        CloudEvent event = event().withData("application/json", counted).build();
        Filter threeKeys = filter("{'all': [{'exact': {'data.customer.tier': 'gold', 'data.total': '99'}},"
                + " {'not': {'exact': {'data.customer.vip': 'false'}}}]}");

        assertThat(threeKeys.matches(event)).isTrue();
        assertThat(reads).hasValue(1);
        // as when every subscription of a bus partition filters the same decoded event
        assertThat(threeKeys.matches(event)).isTrue();
        assertThat(filter("{'exact': {'data.customer.address.city': 'Lyon'}}").matches(event)).isTrue();
        assertThat(reads).hasValue(1);

        CloudEventData countedToo = () -> {
            reads.incrementAndGet();
            return ORDER.getBytes(UTF_8);
        };
        CloudEvent another = event().withData("application/json", countedToo).build();
        assertThat(threeKeys.matches(another)).isTrue();
        assertThat(reads).as("another event's data").hasValue(2);
    }

    @Test
    void everyFilterCountsItsOwnErrorOnTheSameUnparsableData() {
        RecordedErrors first = new RecordedErrors();
        RecordedErrors second = new RecordedErrors();
        CloudEvent broken = withJsonData("{\"a\": 1,");
        assertThat(Filter.parse(json("[{'exact': {'data.a': '1'}}]"), first).matches(broken)).isFalse();
        assertThat(Filter.parse(json("[{'exact': {'data.a': '1'}}]"), second).matches(broken)).isFalse();
        assertThat(first.recorded).hasSize(1);
        assertThat(second.recorded).hasSize(1);
    }

    @Test
    void attributeOnlyFiltersNeverReadData() {
        CloudEventData untouchable = () -> {
            throw new AssertionError("data read");
        };
        CloudEvent event = event().withData("application/json", untouchable).build();
        assertThat(filter("{'exact': {'type': 'order.created'}}").matches(event)).isTrue();
    }
}
