package dev.tributary.core.transform;

import static dev.tributary.core.transform.TransformFixtures.data;
import static dev.tributary.core.transform.TransformFixtures.event;
import static dev.tributary.core.transform.TransformFixtures.json;
import static dev.tributary.core.transform.TransformFixtures.order;
import static dev.tributary.core.transform.TransformFixtures.transform;
import static dev.tributary.core.transform.TransformFixtures.withJsonData;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class JsonataTransformTest {
    private static String jsonata(String expression, CloudEvent event) {
        ObjectNode member = JsonNodeFactory.instance.objectNode().put("jsonata", expression);
        return data(Transform.parse(member).apply(event));
    }

    @Test
    void reshapesJsonData() {
        CloudEvent out = transform("{'jsonata': \"{ 'amount': data.total, 'customer': data.customer.name }\"}")
                .apply(order());

        assertThat(data(out)).isEqualTo("{\"amount\":12.5,\"customer\":\"Ann \\\"Nan\\\" Lee\"}");
        assertThat(out.getDataContentType()).isEqualTo("application/json");
        assertThat(out.getId()).isEqualTo("e-1");
    }

    @Test
    void mapsArraysAndCallsFunctions() {
        String out = jsonata("""
                {
                  'skus': data.items.sku,
                  'lines': data.items.{ 'sku': $uppercase(sku), 'subtotal': qty * price },
                  'total': $sum(data.items.(qty * price)),
                  'count': $count(data.items),
                  'label': $join(data.items.sku, '+') & ' for ' & $substringBefore(data.customer.name, ' '),
                  'big': $filter(data.items, function($i) { $i.price > 5 }).sku,
                  'sorted': $sort(data.items, function($a, $b) { $a.price < $b.price }).sku
                }""", order());

        assertThat(out).isEqualTo("{\"skus\":[\"a-1\",\"b-7\"],"
                + "\"lines\":[{\"sku\":\"A-1\",\"subtotal\":6.5},{\"sku\":\"B-7\",\"subtotal\":6}],"
                + "\"total\":12.5,\"count\":2,\"label\":\"a-1+b-7 for Ann\",\"big\":\"b-7\","
                + "\"sorted\":[\"b-7\",\"a-1\"]}");
    }

    @Test
    void keepsSingletonArraysWhenAskedAndWritesWholeNumbersAsIntegers() {
        assertThat(jsonata("{ 'one': data.items[0].sku[], 'n': 6 / 2, 'f': 1 / 4 }", order()))
                .isEqualTo("{\"one\":[\"a-1\"],\"n\":3,\"f\":0.25}");
    }

    @Test
    void seesAttributesAndExtensions() {
        CloudEvent event = event()
                .withSubject("customer/42")
                .withTime(OffsetDateTime.parse("2026-11-23T01:00:00Z"))
                .withExtension("priority", 7)
                .withExtension("urgent", true)
                .withData("application/json", "{\"a\": 1}".getBytes(UTF_8))
                .build();

        assertThat(jsonata("{ 'who': source & '/' & subject, 'p': priority + 1, 'u': urgent,"
                        + " 'y': $substring(time, 0, 4), 'id': id, 'type': type, 'a': data.a }", event))
                .isEqualTo("{\"who\":\"/orders/customer/42\",\"p\":8,\"u\":true,\"y\":\"2026\",\"id\":\"e-1\","
                        + "\"type\":\"order.created\",\"a\":1}");
    }

    @Test
    void readsBinaryDataAsBase64() {
        CloudEvent binary = event().withData("application/octet-stream", "hi there".getBytes(UTF_8)).build();

        assertThat(jsonata("{ 'raw': data_base64, 'text': $base64decode(data_base64), 'data': data }", binary))
                .isEqualTo("{\"raw\":\"aGkgdGhlcmU=\",\"text\":\"hi there\"}");
    }

    @Test
    void readsTextDataAsAString() {
        CloudEvent text = event().withData("text/plain", "hello".getBytes(UTF_8)).build();

        assertThat(jsonata("{ 'upper': $uppercase(data), 'length': $length(data) }", text))
                .isEqualTo("{\"upper\":\"HELLO\",\"length\":5}");
    }

    @Test
    void aScalarOrNullResultIsJsonData() {
        assertThat(jsonata("data.customer.name", order())).isEqualTo("\"Ann \\\"Nan\\\" Lee\"");
        assertThat(jsonata("data.total * 2", order())).isEqualTo("25");
        assertThat(jsonata("null", order())).isEqualTo("null");
        assertThat(jsonata("{ 'note': data.note, 'gone': data.nope }", order())).isEqualTo("{\"note\":null}");
    }

    @Test
    void aTextContentTypeTakesAStringResultAsText() {
        CloudEvent out = transform("""
                {'jsonata': "'Order ' & id & ': ' & $formatNumber(data.total, '#0.00') & ' ' & data.currency",
                 'attributes': {'datacontenttype': 'text/plain'}}""").apply(order());

        assertThat(out.getDataContentType()).isEqualTo("text/plain");
        assertThat(data(out)).isEqualTo("Order e-1: 12.50 EUR");
    }

    @Test
    void aTextContentTypeRefusesOtherResults() {
        Transform t = transform("{'jsonata': 'data.customer', 'attributes': {'datacontenttype': 'text/plain'}}");

        assertThatThrownBy(() -> t.apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.jsonata: the transform sets a text datacontenttype, so the result must be a "
                        + "string, was an object");
    }

    @Test
    void newDataDropsTheOldSchemaUnlessOneIsSet() {
        CloudEvent in = event()
                .withDataSchema(URI.create("https://schema.example/order/v1"))
                .withData("application/json", "{\"a\":1}".getBytes(UTF_8))
                .build();

        assertThat(transform("{'jsonata': 'data'}").apply(in).getDataSchema()).isNull();
        assertThat(transform("{'jsonata': 'data', 'attributes': {'dataschema': 'https://schema.example/b/v1'}}")
                        .apply(in).getDataSchema())
                .isEqualTo(URI.create("https://schema.example/b/v1"));
    }

    @Test
    void anErrorOnAnEventFailsItWithTheCodeAndPosition() {
        Transform t = transform("{'jsonata': \"{ 'sum': data.currency + 1 }\"}");

        assertThatThrownBy(() -> t.apply(order()))
                .isInstanceOfSatisfying(TransformException.class, e -> assertThat(e.reason())
                        .matches("transform\\.jsonata: error T2001( at 1:\\d+)?: The left side of the \"\\+\" "
                                + "operator must evaluate to a number"));
        assertThatThrownBy(() -> transform("{'jsonata': '{\\n  \"x\": $nope(data)\\n}'}").apply(order()))
                .isInstanceOfSatisfying(TransformException.class, e -> assertThat(e.reason())
                        .isEqualTo("transform.jsonata: error T1006 at 2:13: Attempted to invoke a non-function"));
    }

    @Test
    void theSameExpressionWorksOnEventsWhereItCan() {
        Transform t = transform("{'jsonata': \"{ 'sum': data.x + 1 }\"}");

        assertThat(data(t.apply(withJsonData("{\"x\": 1}")))).isEqualTo("{\"sum\":2}");
        assertThatThrownBy(() -> t.apply(withJsonData("{\"x\": \"one\"}"))).isInstanceOf(TransformException.class);
    }

    @Test
    void anUndefinedResultFailsTheEvent() {
        assertThatThrownBy(() -> transform("{'jsonata': 'data.nope'}").apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.jsonata: the expression has no result for this event (it selected nothing)");
    }

    @Test
    void aFunctionResultIsNotJson() {
        assertThatThrownBy(() -> transform("{'jsonata': 'function($x) { $x }'}").apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.jsonata: the result holds a function, which is not JSON");
        assertThatThrownBy(() -> transform("{'jsonata': '$uppercase'}").apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("a function");
    }

    @Test
    void usesTheGivenPathInReasons() {
        Transform t = Transform.parse(json("{'jsonata': 'data.nope'}"), "subscriptions[2].transform");

        assertThatThrownBy(() -> t.apply(order())).hasMessageStartingWith("subscriptions[2].transform.jsonata: ");
    }
}
