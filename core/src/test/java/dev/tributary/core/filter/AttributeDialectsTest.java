package dev.tributary.core.filter;

import static dev.tributary.core.filter.FilterFixtures.event;
import static dev.tributary.core.filter.FilterFixtures.filter;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class AttributeDialectsTest {
    private final CloudEvent order = event()
            .withSubject("customer/42")
            .withTime(OffsetDateTime.parse("2026-11-23T01:00:00Z"))
            .withDataSchema(URI.create("https://schema.example/order/v1"))
            .withExtension("region", "eu-west")
            .withExtension("priority", 7)
            .withExtension("urgent", true)
            .build();

    @Test
    void exactMatchesWholeValueCaseSensitively() {
        assertThat(filter("{'exact': {'type': 'order.created'}}").matches(order)).isTrue();
        assertThat(filter("{'exact': {'type': 'order'}}").matches(order)).isFalse();
        assertThat(filter("{'exact': {'type': 'Order.Created'}}").matches(order)).isFalse();
    }

    @Test
    void prefixMatchesStartOfValue() {
        assertThat(filter("{'prefix': {'type': 'order.'}}").matches(order)).isTrue();
        assertThat(filter("{'prefix': {'type': 'created'}}").matches(order)).isFalse();
    }

    @Test
    void suffixMatchesEndOfValue() {
        assertThat(filter("{'suffix': {'type': '.created'}}").matches(order)).isTrue();
        assertThat(filter("{'suffix': {'type': 'order.'}}").matches(order)).isFalse();
    }

    @Test
    void everyPairOfOneDialectMustHold() {
        assertThat(filter("{'exact': {'type': 'order.created', 'subject': 'customer/42'}}").matches(order)).isTrue();
        assertThat(filter("{'exact': {'type': 'order.created', 'subject': 'customer/43'}}").matches(order)).isFalse();
    }

    @Test
    void emptyValueIsAPrefixOfEveryPresentValue() {
        assertThat(filter("{'prefix': {'subject': ''}}").matches(order)).isTrue();
    }

    @Test
    void absentAttributeNeverMatches() {
        CloudEvent bare = event().build();
        assertThat(filter("{'prefix': {'subject': ''}}").matches(bare)).isFalse();
        assertThat(filter("{'exact': {'region': 'eu-west'}}").matches(bare)).isFalse();
        assertThat(filter("{'suffix': {'time': 'Z'}}").matches(bare)).isFalse();
    }

    @Test
    void uriAttributesCompareAsWritten() {
        assertThat(filter("{'exact': {'source': '/orders'}}").matches(order)).isTrue();
        assertThat(filter("{'prefix': {'dataschema': 'https://schema.example/'}}").matches(order)).isTrue();
    }

    @Test
    void timeComparesInRfc3339Form() {
        assertThat(filter("{'exact': {'time': '2026-11-23T01:00:00Z'}}").matches(order)).isTrue();
        assertThat(filter("{'prefix': {'time': '2026-11'}}").matches(order)).isTrue();
    }

    @Test
    void specVersionAndIdAreAttributesToo() {
        assertThat(filter("{'exact': {'specversion': '1.0', 'id': 'e-1'}}").matches(order)).isTrue();
    }

    @Test
    void stringExtensionsMatch() {
        assertThat(filter("{'exact': {'region': 'eu-west'}}").matches(order)).isTrue();
        assertThat(filter("{'prefix': {'region': 'eu-'}}").matches(order)).isTrue();
    }

    @Test
    void integerExtensionsCompareByDecimalForm() {
        assertThat(filter("{'exact': {'priority': '7'}}").matches(order)).isTrue();
        assertThat(filter("{'exact': {'priority': '07'}}").matches(order)).isFalse();
        assertThat(filter("{'exact': {'priority': '+7'}}").matches(order)).isFalse();
        assertThat(filter("{'exact': {'priority': 'seven'}}").matches(order)).isFalse();
        assertThat(filter("{'prefix': {'priority': '7'}}").matches(order)).isTrue();
        CloudEvent negative = event().withExtension("priority", -12).build();
        assertThat(filter("{'exact': {'priority': '-12'}}").matches(negative)).isTrue();
        assertThat(filter("{'suffix': {'priority': '12'}}").matches(negative)).isTrue();
    }

    @Test
    void booleanExtensionsCompareAsTrueOrFalse() {
        assertThat(filter("{'exact': {'urgent': 'true'}}").matches(order)).isTrue();
        assertThat(filter("{'exact': {'urgent': 'TRUE'}}").matches(order)).isFalse();
        assertThat(filter("{'exact': {'urgent': 'false'}}").matches(order)).isFalse();
    }

    @Test
    void stringExtensionHoldingDigitsMatchesLikeAnInteger() {
        CloudEvent fromHeader = event().withExtension("priority", "7").build();
        assertThat(filter("{'exact': {'priority': '7'}}").matches(fromHeader)).isTrue();
    }
}
