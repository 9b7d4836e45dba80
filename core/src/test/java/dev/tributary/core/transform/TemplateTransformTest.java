package dev.tributary.core.transform;

import static dev.tributary.core.transform.TransformFixtures.data;
import static dev.tributary.core.transform.TransformFixtures.event;
import static dev.tributary.core.transform.TransformFixtures.json;
import static dev.tributary.core.transform.TransformFixtures.order;
import static dev.tributary.core.transform.TransformFixtures.transform;
import static dev.tributary.core.transform.TransformFixtures.withJsonData;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class TemplateTransformTest {
    @Test
    void insertsEveryKindOfInputAsAJsonValueOutsideQuotes() {
        Transform t = transform("""
                {'inputs': {'total': '$.data.total', 'who': '$.data.customer.name', 'customer': '$.data.customer',
                            'items': '$.data.items', 'paid': '$.data.paid', 'note': '$.data.note',
                            'missing': '$.data.nope.deeper'},
                 'template': '{"t": <total>, "w": <who>, "c": <customer>, "i": <items>, "p": <paid>, "n": <note>,\
                 "m": <missing>}'}""");

        assertThat(data(t.apply(order()))).isEqualTo("{\"t\": 12.50, \"w\": \"Ann \\\"Nan\\\" Lee\", "
                + "\"c\": {\"id\":\"c-42\",\"name\":\"Ann \\\"Nan\\\" Lee\"}, "
                + "\"i\": [{\"sku\":\"a-1\",\"qty\":2,\"price\":3.25},{\"sku\":\"b-7\",\"qty\":1,\"price\":6}], "
                + "\"p\": true, \"n\": null, \"m\": null}");
    }

    @Test
    void insertsTheTextOfAValueInsideQuotesEscapedForThatString() {
        Transform t = transform("""
                {'inputs': {'who': '$.data.customer.name', 'total': '$.data.total', 'customer': '$.data.customer',
                            'missing': '$.subject', 'id': '$.id'},
                 'template': '{"line": "<who> paid <total> (<missing>)", "raw": "<customer>", "<id>": 1}'}""");

        String out = data(t.apply(order()));

        assertThat(out).isEqualTo("{\"line\": \"Ann \\\"Nan\\\" Lee paid 12.50 ()\", "
                + "\"raw\": \"{\\\"id\\\":\\\"c-42\\\",\\\"name\\\":"
                + "\\\"Ann \\\\\\\"Nan\\\\\\\" Lee\\\"}\", \"e-1\": 1}");
        assertThat(json(out).get("raw").textValue()).isEqualTo("{\"id\":\"c-42\",\"name\":\"Ann \\\"Nan\\\" Lee\"}");
    }

    @Test
    void escapesControlCharactersAndKeepsUnicode() {
        CloudEvent event = withJsonData("{\"text\": \"line 1\\nline 2\\t\\u00e9\\ud83d\\ude00 \\\\ </script>\"}");
        Transform t = transform("{'inputs': {'x': '$.data.text'}, 'template': '{\"in\": \"<x>\", \"out\": <x>}'}");

        String out = data(t.apply(event));

        assertThat(json(out).get("in").textValue()).isEqualTo("line 1\nline 2\té😀 \\ </script>");
        assertThat(json(out).get("out").textValue()).isEqualTo("line 1\nline 2\té😀 \\ </script>");
    }

    @Test
    void readsAttributesExtensionsAndTheWholeEvent() {
        CloudEvent event = event()
                .withSubject("customer/42")
                .withTime(OffsetDateTime.parse("2026-11-23T01:00:00Z"))
                .withExtension("priority", 7)
                .withData("application/json", "{\"a\":1}".getBytes(UTF_8))
                .build();
        Transform t = transform("""
                {'inputs': {'type': '$.type', 'subject': '$.subject', 'time': '$.time', 'priority': '$.priority',
                            'all': '$'},
                 'template': '{"type": <type>, "s": "<subject>", "at": <time>, "p": <priority>, "event": <all>}'}""");

        assertThat(data(t.apply(event))).isEqualTo("{\"type\": \"order.created\", \"s\": \"customer/42\", "
                + "\"at\": \"2026-11-23T01:00:00Z\", \"p\": 7, \"event\": {\"specversion\":\"1.0\",\"id\":\"e-1\","
                + "\"source\":\"/orders\",\"type\":\"order.created\",\"datacontenttype\":\"application/json\","
                + "\"subject\":\"customer/42\",\"time\":\"2026-11-23T01:00:00Z\",\"priority\":7,\"data\":{\"a\":1}}}");
    }

    @Test
    void indexesIntoArrays() {
        Transform t = transform("""
                {'inputs': {'first': '$.data.items[0].sku', 'second': '$.data.items[1]', 'none': '$.data.items[2].sku'},
                 'template': '[<first>, <second>, <none>]'}""");

        assertThat(data(t.apply(order())))
                .isEqualTo("[\"a-1\", {\"sku\":\"b-7\",\"qty\":1,\"price\":6}, null]");
    }

    @Test
    void aConstantTemplateNeedsNoInputs() {
        assertThat(data(transform("{'template': '{\"ping\": true}'}").apply(order()))).isEqualTo("{\"ping\": true}");
    }

    @Test
    void literalAngleBracketsThatNameNoInputStayText() {
        Transform t = transform("{'inputs': {'x': '$.id'}, 'template': '{\"html\": \"<b><x></b>\"}'}");

        assertThat(data(t.apply(order()))).isEqualTo("{\"html\": \"<b>e-1</b>\"}");
    }

    @Test
    void newDataIsJsonAndReplacesTheSchemaWhileIdentityStays() {
        CloudEvent in = event()
                .withDataSchema(URI.create("https://schema.example/order/v1"))
                .withData("application/vnd.order+json", "{\"a\":1}".getBytes(UTF_8))
                .build();

        CloudEvent out = transform("{'inputs': {'a': '$.data.a'}, 'template': '{\"b\": <a>}'}").apply(in);

        assertThat(out.getDataContentType()).isEqualTo("application/json");
        assertThat(out.getDataSchema()).isNull();
        assertThat(out.getId()).isEqualTo("e-1");
        assertThat(out.getSource()).isEqualTo(URI.create("/orders"));
        assertThat(out.getType()).isEqualTo("order.created");
        assertThat(data(out)).isEqualTo("{\"b\": 1}");
    }

    @Test
    void textTemplatesInsertPlainText() {
        Transform t = transform("""
                {'inputs': {'who': '$.data.customer.name', 'total': '$.data.total', 'items': '$.data.items[0]',
                            'missing': '$.data.nope'},
                 'template': 'Order from <who>: <total> EUR, first <items><missing>.',
                 'attributes': {'datacontenttype': 'text/plain; charset=utf-8'}}""");

        CloudEvent out = t.apply(order());

        assertThat(out.getDataContentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(data(out)).isEqualTo(
                "Order from Ann \"Nan\" Lee: 12.50 EUR, first {\"sku\":\"a-1\",\"qty\":2,\"price\":3.25}.");
    }

    @Test
    void textTemplatesNeedNotBeJson() {
        Transform t = transform("""
                {'inputs': {'id': '$.id'}, 'template': '<order id="<id>"/>',
                 'attributes': {'datacontenttype': 'application/xml'}}""");

        assertThat(data(t.apply(order()))).isEqualTo("<order id=\"e-1\"/>");
    }

    @Test
    void binaryDataIsReadAsBase64() {
        CloudEvent binary = event().withData("application/octet-stream", new byte[] {0, 1, 2, (byte) 0xff}).build();
        Transform t = transform("{'inputs': {'b': '$.data_base64', 'd': '$.data'}, 'template': '[<b>, <d>]'}");

        assertThat(data(t.apply(binary))).isEqualTo("[\"AAEC/w==\", null]");
    }

    @Test
    void anEventWithoutDataGivesMissingInputs() {
        Transform t = transform("{'inputs': {'x': '$.data.x'}, 'template': '{\"x\": <x>, \"s\": \"<x>\"}'}");

        assertThat(data(t.apply(event().build()))).isEqualTo("{\"x\": null, \"s\": \"\"}");
    }

    @Test
    void failsAnEventWhoseRenderedTemplateIsTooLarge() {
        Limits small = new Limits(Limits.DEFAULT.timeout(), 200, 1000, 1000, 64, System::nanoTime,
                Limits.DEFAULT.clock());
        Transform t = TransformCompiler.compile(
                json("{'inputs': {'c': '$.data.customer'}, 'template': '[<c>, <c>, <c>]'}"), "transform", small);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.template: the rendered template is larger than 64 bytes");
    }
}
