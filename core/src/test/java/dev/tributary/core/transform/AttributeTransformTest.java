package dev.tributary.core.transform;

import static dev.tributary.core.transform.TransformFixtures.data;
import static dev.tributary.core.transform.TransformFixtures.event;
import static dev.tributary.core.transform.TransformFixtures.order;
import static dev.tributary.core.transform.TransformFixtures.transform;
import static dev.tributary.core.transform.TransformFixtures.withJsonData;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class AttributeTransformTest {
    @Test
    void setsLiteralsAndKeepsTheData() {
        CloudEvent in = event()
                .withSubject("old")
                .withExtension("keep", "me")
                .withData("application/json", "{\"a\":1}".getBytes(UTF_8))
                .build();

        CloudEvent out = transform("""
                {'attributes': {'type': 'order.enriched', 'subject': 'customer/42', 'time': '2026-11-23T01:00:00+01:00',
                                'dataschema': 'https://schema.example/v2', 'region': 'eu', 'priority': 7,
                                'urgent': true, 'partitionkey': 'c-42'}}""").apply(in);

        assertThat(out.getType()).isEqualTo("order.enriched");
        assertThat(out.getSubject()).isEqualTo("customer/42");
        assertThat(out.getTime()).isEqualTo(OffsetDateTime.parse("2026-11-23T01:00:00+01:00"));
        assertThat(out.getDataSchema()).isEqualTo(URI.create("https://schema.example/v2"));
        assertThat(out.getExtension("region")).isEqualTo("eu");
        assertThat(out.getExtension("priority")).isEqualTo(7);
        assertThat(out.getExtension("urgent")).isEqualTo(true);
        assertThat(out.getExtension("partitionkey")).isEqualTo("c-42");
        assertThat(out.getExtension("keep")).isEqualTo("me");
        assertThat(out.getId()).isEqualTo("e-1");
        assertThat(out.getSource()).isEqualTo(URI.create("/orders"));
        assertThat(out.getDataContentType()).isEqualTo("application/json");
        assertThat(data(out)).isEqualTo("{\"a\":1}");
    }

    @Test
    void setsValuesReadFromTheEvent() {
        CloudEvent in = withJsonData("""
                {"customer": {"id": "c-42", "number": 42, "vip": true, "score": 4.5, "big": 12345678901},
                 "when": "2026-11-24T08:30:00Z"}""");

        CloudEvent out = transform("""
                {'attributes': {'subject': '$.data.customer.id', 'time': '$.data.when', 'type': '$.data.customer.id',
                                'number': '$.data.customer.number', 'vip': '$.data.customer.vip',
                                'score': '$.data.customer.score', 'big': '$.data.customer.big',
                                'partitionkey': '$.data.customer.number', 'origin': '$.source'}}""").apply(in);

        assertThat(out.getSubject()).isEqualTo("c-42");
        assertThat(out.getType()).isEqualTo("c-42");
        assertThat(out.getTime()).isEqualTo(OffsetDateTime.parse("2026-11-24T08:30:00Z"));
        assertThat(out.getExtension("number")).isEqualTo(42);
        assertThat(out.getExtension("vip")).isEqualTo(true);
        assertThat(out.getExtension("score")).isEqualTo("4.5");
        assertThat(out.getExtension("big")).isEqualTo("12345678901");
        assertThat(out.getExtension("partitionkey")).isEqualTo("42");
        assertThat(out.getExtension("origin")).isEqualTo("/orders");
    }

    @Test
    void contextAttributesTakeTheTextOfNumbersAndBooleans() {
        CloudEvent out = transform("{'attributes': {'subject': '$.data.total', 'type': '$.data.paid'}}").apply(order());

        assertThat(out.getSubject()).isEqualTo("12.50");
        assertThat(out.getType()).isEqualTo("true");
    }

    @Test
    void nullOrAMissingValueRemovesTheAttribute() {
        CloudEvent in = event()
                .withSubject("s")
                .withTime(OffsetDateTime.parse("2026-11-23T01:00:00Z"))
                .withExtension("region", "eu")
                .withExtension("tenant", "t-1")
                .build();

        CloudEvent out = transform("{'attributes': {'subject': null, 'region': null, 'tenant': '$.data.tenant',"
                        + " 'time': '$.nothing'}}").apply(in);

        assertThat(out.getSubject()).isNull();
        assertThat(out.getTime()).isNull();
        assertThat(out.getExtensionNames()).isEmpty();
    }

    @Test
    void aTypeWithNoValueFailsTheEvent() {
        assertThatThrownBy(() -> transform("{'attributes': {'type': '$.data.kind'}}").apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.attributes.type: $.data.kind has no value, and every event needs a type");
    }

    @Test
    void aValueThatBreaksTheRulesFailsTheEvent() {
        CloudEvent in = withJsonData("{\"when\": \"soon\", \"empty\": \"\", \"schema\": \"relative/path\"}");

        assertThatThrownBy(() -> transform("{'attributes': {'time': '$.data.when'}}").apply(in))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.attributes.time: $.data.when must be an RFC 3339 timestamp such as "
                        + "2026-11-23T01:00:00Z, was \"soon\"");
        assertThatThrownBy(() -> transform("{'attributes': {'subject': '$.data.empty'}}").apply(in))
                .hasMessage("transform.attributes.subject: $.data.empty must not be empty or only whitespace");
        assertThatThrownBy(() -> transform("{'attributes': {'dataschema': '$.data.schema'}}").apply(in))
                .hasMessageStartingWith("transform.attributes.dataschema: $.data.schema must be an absolute URI");
    }

    @Test
    void anObjectOrArrayCannotBeAnAttribute() {
        assertThatThrownBy(() -> transform("{'attributes': {'subject': '$.data.customer'}}").apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.attributes.subject: $.data.customer is an object, not a string, number or "
                        + "boolean");
        assertThatThrownBy(() -> transform("{'attributes': {'skus': '$.data.items'}}").apply(order()))
                .hasMessage("transform.attributes.skus: $.data.items is an array, not a string, number or boolean");
    }

    @Test
    void pathsReadTheEventAsItArrivedWhateverElseChanges() {
        CloudEvent out = transform("""
                {'jsonata': "{ 'total': data.total }",
                 'attributes': {'subject': '$.data.customer.id', 'type': 'order.total', 'was': '$.type'}}""")
                .apply(order());

        assertThat(data(out)).isEqualTo("{\"total\":12.5}");
        assertThat(out.getSubject()).isEqualTo("c-42");
        assertThat(out.getType()).isEqualTo("order.total");
        assertThat(out.getExtension("was")).isEqualTo("order.created");
    }

    @Test
    void aLiteralDollarWithoutADotIsText() {
        assertThat(transform("{'attributes': {'subject': '$5 off'}}").apply(order()).getSubject()).isEqualTo("$5 off");
    }
}
