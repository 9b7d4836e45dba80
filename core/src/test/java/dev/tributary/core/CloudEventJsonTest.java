package dev.tributary.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.StringWriter;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudEventJsonTest {
    private static final String HEAD = "\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"";

    static CloudEvent parse(String json) {
        return CloudEventJson.parseEvent(json.getBytes(UTF_8));
    }

    static void assertInvalid(ThrowingCallable call, String field, String reasonPart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).contains(reasonPart);
                    assertThat(e.getMessage()).isEqualTo(field + ": " + e.reason());
                });
    }

    static void assertInvalidEvent(String json, String field, String reasonPart) {
        assertInvalid(() -> parse(json), field, reasonPart);
    }

    @Test
    void readsAllContextAttributes() {
        CloudEvent e = parse("{" + HEAD + ",\"subject\":\"sub\",\"time\":\"2026-11-23T01:00:00.5+02:00\","
                + "\"dataschema\":\"https://x/schema\",\"datacontenttype\":\"application/json\"}");
        assertThat(e.getId()).isEqualTo("1");
        assertThat(e.getSource()).isEqualTo(URI.create("/s"));
        assertThat(e.getType()).isEqualTo("t");
        assertThat(e.getSubject()).isEqualTo("sub");
        assertThat(e.getTime()).isEqualTo(OffsetDateTime.of(2026, 11, 23, 1, 0, 0, 500_000_000, ZoneOffset.ofHours(2)));
        assertThat(e.getDataSchema()).isEqualTo(URI.create("https://x/schema"));
        assertThat(e.getDataContentType()).isEqualTo("application/json");
        assertThat(e.getData()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"specversion", "id", "source", "type"})
    void namesAMissingRequiredAttribute(String attribute) {
        String json = "{" + HEAD.replace("\"" + attribute + "\":", "\"x" + attribute + "\":") + "}";
        assertInvalidEvent(json, attribute, "is required");
    }

    @Test
    void rejectsOtherSpecVersions() {
        assertInvalidEvent("{" + HEAD.replace("1.0", "0.3") + "}", "specversion", "only 1.0 is supported");
    }

    @ParameterizedTest
    @CsvSource({"id", "type", "source", "subject", "dataschema", "time", "datacontenttype"})
    void rejectsEmptyStringAttributes(String attribute) {
        String json = "{" + HEAD.replace("\"" + attribute + "\":", "\"x" + attribute + "\":") + ",\"" + attribute + "\":\"\"}";
        assertInvalid(() -> parse(json), attribute, "");
    }

    @ParameterizedTest
    @CsvSource({"id", "type", "source", "subject", "partitionkey"})
    void rejectsWhitespaceOnlyAttributesAsBinaryModeDoes(String attribute) {
        String head = HEAD.replace("\"" + attribute + "\":", "\"x" + attribute + "\":");
        for (String blank : List.of(" ", "\\t", "\\n  ")) {
            assertInvalidEvent("{" + head + ",\"" + attribute + "\":\"" + blank + "\"}", attribute, "only whitespace");
        }
    }

    @Test
    void rejectsBadAttributeValuesNamingTheAttribute() {
        assertInvalidEvent("{" + HEAD.replace("\"/s\"", "\"a b\"") + "}", "source", "URI-reference");
        assertInvalidEvent("{" + HEAD + ",\"dataschema\":\"/relative\"}", "dataschema", "absolute URI");
        assertInvalidEvent("{" + HEAD + ",\"time\":\"2026-11-23 01:00:00Z\"}", "time", "RFC 3339");
        assertInvalidEvent("{" + HEAD + ",\"time\":\"2026-02-30T01:00:00Z\"}", "time", "RFC 3339");
        assertInvalidEvent("{" + HEAD + ",\"datacontenttype\":\"json\"}", "datacontenttype", "media type");
        assertInvalidEvent("{" + HEAD + ",\"subject\":\"\"}", "subject", "must not be empty");
        assertInvalidEvent("{" + HEAD + ",\"id\":5}".replace("\"id\":\"1\",", ""), "id", "must be a string");
    }

    @Test
    void treatsNullAttributesAsAbsent() {
        CloudEvent e = parse("{" + HEAD + ",\"subject\":null,\"ext\":null,\"data\":null}");
        assertThat(e.getSubject()).isNull();
        assertThat(e.getExtensionNames()).isEmpty();
        assertThat(e.getData()).isNull();
        assertInvalidEvent("{" + HEAD.replace("\"id\":\"1\"", "\"id\":null") + "}", "id", "is required");
    }

    @Test
    void rejectsARepeatedAttribute() {
        assertInvalidEvent("{" + HEAD + ",\"type\":\"u\"}", "type", "more than once");
        assertInvalidEvent("{" + HEAD + ",\"x\":1,\"x\":2}", "x", "more than once");
    }

    @Test
    void keepsExtensionTypes() {
        CloudEvent e = parse("{" + HEAD + ",\"str\":\"v\",\"num\":-2147483648,\"yes\":true,\"no\":false}");
        assertThat(e.getExtension("str")).isEqualTo("v");
        assertThat(e.getExtension("num")).isEqualTo(Integer.MIN_VALUE);
        assertThat(e.getExtension("yes")).isEqualTo(Boolean.TRUE);
        assertThat(e.getExtension("no")).isEqualTo(Boolean.FALSE);
    }

    @Test
    void rejectsExtensionsThatAreNotStringIntegerOrBoolean() {
        assertInvalidEvent("{" + HEAD + ",\"big\":2147483648}", "big", "32 bits");
        assertInvalidEvent("{" + HEAD + ",\"frac\":1.5}", "frac", "must be a string, a 32-bit integer or a boolean");
        assertInvalidEvent("{" + HEAD + ",\"obj\":{}}", "obj", "must be a string");
        assertInvalidEvent("{" + HEAD + ",\"arr\":[1]}", "arr", "must be a string");
    }

    @ParameterizedTest
    @CsvSource({"Upper", "with_underscore", "dash-ed", "ünï"})
    void rejectsIllegalAttributeNamesNamingThem(String name) {
        assertInvalidEvent("{" + HEAD + ",\"" + name + "\":\"v\"}", name, "a-z 0-9");
    }

    @Test
    void requiresPartitionKeyToBeANonEmptyString() {
        assertInvalidEvent("{" + HEAD + ",\"partitionkey\":\"\"}", "partitionkey", "must not be empty");
        assertInvalidEvent("{" + HEAD + ",\"partitionkey\":7}", "partitionkey", "must be a string");
        assertThat(parse("{" + HEAD + ",\"partitionkey\":\"k\"}").getExtension("partitionkey")).isEqualTo("k");
    }

    @Test
    void keepsJsonDataAsTheExactBytesReceived() {
        String data = "{ \"b\" : 1.50,\n\t\"a\":[1e3 , -0.0, \"\\u00e9\\n\", null,true] }";
        CloudEvent e = parse("{" + HEAD + ",\"data\":  " + data + "  ,\"datacontenttype\":\"application/json\"}");
        assertThat(new String(e.getData().toBytes(), UTF_8)).isEqualTo(data);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1.50", "-0", "true", "false", "\"text\"", "\"esc\\\"aped\"", "[]", "{}", "12E+3"})
    void keepsScalarJsonDataExactly(String data) {
        CloudEvent e = parse("{" + HEAD + ",\"data\":" + data + "}");
        assertThat(new String(e.getData().toBytes(), UTF_8)).isEqualTo(data);
        CloudEvent spaced = parse("{" + HEAD + ",\"data\" : " + data + " , \"x\":1}");
        assertThat(new String(spaced.getData().toBytes(), UTF_8)).isEqualTo(data);
    }

    @Test
    void treatsJsonSuffixAndTextJsonAsJson() {
        for (String ct : List.of("application/cloudevents+json", "text/json; charset=utf-8", "APPLICATION/JSON")) {
            CloudEvent e = parse("{" + HEAD + ",\"datacontenttype\":\"" + ct + "\",\"data\":\"s\"}");
            assertThat(new String(e.getData().toBytes(), UTF_8)).as(ct).isEqualTo("\"s\"");
        }
    }

    @Test
    void decodesAStringForNonJsonContentTypes() {
        CloudEvent plain = parse("{" + HEAD + ",\"data\":\"héllo\",\"datacontenttype\":\"text/plain\"}");
        assertThat(new String(plain.getData().toBytes(), UTF_8)).isEqualTo("héllo");
        CloudEvent escaped = parse("{" + HEAD + ",\"datacontenttype\":\"application/xml\",\"data\":\"<a>\\\"\\u00e9\\n</a>\"}");
        assertThat(new String(escaped.getData().toBytes(), UTF_8)).isEqualTo("<a>\"é\n</a>");
    }

    @Test
    void decodesDataBase64() {
        CloudEvent e = parse("{" + HEAD + ",\"data_base64\":\"AAEC/w==\"}");
        assertThat(e.getData().toBytes()).containsExactly(0, 1, 2, 255);
        CloudEvent unpadded = parse("{" + HEAD + ",\"data_base64\":\"AAEC/w\"}");
        assertThat(unpadded.getData().toBytes()).containsExactly(0, 1, 2, 255);
    }

    @Test
    void rejectsBadDataBase64() {
        assertInvalidEvent("{" + HEAD + ",\"data_base64\":\"not base64!\"}", "data_base64", "base64");
        assertInvalidEvent("{" + HEAD + ",\"data_base64\":5}", "data_base64", "base64");
    }

    @Test
    void rejectsDataTogetherWithDataBase64() {
        assertInvalidEvent("{" + HEAD + ",\"data\":1,\"data_base64\":\"AA==\"}", "data_base64", "together with data");
        assertInvalidEvent("{" + HEAD + ",\"data_base64\":\"AA==\",\"data\":1}", "data", "together with data_base64");
    }

    @Test
    void reportsInvalidUtf8WithItsBytePosition() {
        byte[] json = ("{" + HEAD + ",\"subject\":\"xx\"}").getBytes(UTF_8);
        int at = json.length - 3;
        json[at] = (byte) 0xC3; // lead byte followed by '"' is not UTF-8
        assertInvalid(() -> CloudEventJson.parseEvent(json), "body", "invalid UTF-8 at byte " + at);
        byte[] inData = ("{" + HEAD + ",\"data\":{\"k\":\"ab\"}}").getBytes(UTF_8);
        inData[inData.length - 4] = (byte) 0xFF;
        assertInvalid(() -> CloudEventJson.parseEvent(inData), "body", "invalid UTF-8 at byte " + (inData.length - 4));
    }

    @Test
    void reportsMalformedJsonWithLineAndColumn() {
        assertInvalidEvent("{" + HEAD + ",\n\"subject\" \"x\"}", "body", "malformed JSON at line 2, column");
        assertInvalidEvent("{" + HEAD + ",\"data\":{\"a\":}}", "body", "malformed JSON");
        assertInvalidEvent("{" + HEAD + ",\"data\":\"unterminated", "body", "malformed JSON");
        assertInvalidEvent("", "body", "JSON object");
    }

    @Test
    void rejectsBodiesThatAreNotOneObject() {
        assertInvalidEvent("[]", "body", "must be a JSON object");
        assertInvalidEvent("\"x\"", "body", "must be a JSON object");
        assertInvalidEvent("{" + HEAD + "} {}", "body", "after the event");
    }

    @Test
    void parsesABatch() {
        String batch = "[{" + HEAD + "},{" + HEAD.replace("\"1\"", "\"2\"") + ",\"data\":[1, 2]}]";
        List<CloudEvent> events = CloudEventJson.parseBatch(batch.getBytes(UTF_8), 10);
        assertThat(events).extracting(CloudEvent::getId).containsExactly("1", "2");
        assertThat(new String(events.get(1).getData().toBytes(), UTF_8)).isEqualTo("[1, 2]");
    }

    @Test
    void namesTheEventIndexInsideABatch() {
        String batch = "[{" + HEAD + "},{" + HEAD + "},{" + HEAD + "},{" + HEAD.replace("\"source\":\"/s\",", "") + "}]";
        assertInvalid(() -> CloudEventJson.parseBatch(batch.getBytes(UTF_8), 10), "[3].source", "is required");
        assertInvalid(() -> CloudEventJson.parseBatch(("[{" + HEAD + "}, 5]").getBytes(UTF_8), 10), "[1]", "JSON object");
        assertInvalid(() -> CloudEventJson.parseBatch(("[{" + HEAD + ",\"x\":1.5}]").getBytes(UTF_8), 10), "[0].x", "");
    }

    @Test
    void passesObjectAndArrayDataToAReaderWithTheAttributesReadSoFarAndKeepsTheBytes() {
        String batch = "[{" + HEAD + ",\"dataschema\":\"urn:s\",\"data\":{\"a\":[1,{\"b\":2}]},\"subject\":\"x\"},"
                + "{\"data\":[1, 2]," + HEAD.replace("\"1\"", "\"2\"") + "},{" + HEAD + ",\"data\":7}]";
        List<String> seen = new ArrayList<>();
        DataReader reader = (index, type, dataSchema, parser) -> {
            seen.add(index + " " + type + " " + dataSchema + " " + parser.currentToken());
            parser.skipChildren();
        };

        List<CloudEvent> events = CloudEventJson.parseBatch(batch.getBytes(UTF_8), 10, reader);

        // Data before the type is read without it; scalar data is not passed on.
        assertThat(seen).containsExactly("0 t urn:s START_OBJECT", "1 null null START_ARRAY");
        assertThat(events).extracting(e -> new String(e.getData().toBytes(), UTF_8))
                .containsExactly("{\"a\":[1,{\"b\":2}]}", "[1, 2]", "7");
        assertThat(events.get(0).getSubject()).isEqualTo("x");
    }

    @Test
    void aReaderThatDoesNotStopAtTheDatasEndIsABug() {
        DataReader lazy = (index, type, dataSchema, parser) -> parser.nextToken();

        assertThatThrownBy(() -> CloudEventJson.parseEvent(("{" + HEAD + ",\"data\":{\"a\":1}}").getBytes(UTF_8), lazy))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not stop at the data's end");
    }

    @Test
    void rejectsEmptyOversizedAndNonArrayBatches() {
        assertInvalid(() -> CloudEventJson.parseBatch("[ ]".getBytes(UTF_8), 10), "body", "batch is empty");
        String three = "[{" + HEAD + "},{" + HEAD + "},{" + HEAD + "}]";
        assertInvalid(() -> CloudEventJson.parseBatch(three.getBytes(UTF_8), 2), "body", "more than 2 events");
        assertThat(CloudEventJson.parseBatch(three.getBytes(UTF_8), 3)).hasSize(3);
        assertInvalid(() -> CloudEventJson.parseBatch(("{" + HEAD + "}").getBytes(UTF_8), 2), "body", "JSON array");
    }

    @Test
    void writesJsonDataRawAndTextAsString() {
        CloudEvent json = parse("{" + HEAD + ",\"data\":{ \"n\" : 1.50 }}");
        assertThat(new String(CloudEventJson.toJson(json), UTF_8)).endsWith(",\"data\":{ \"n\" : 1.50 }}");
        CloudEvent text = CloudEventBuilder.v1().withId("1").withSource(URI.create("/s")).withType("t")
                .withData("text/plain; charset=utf-8", "a \"q\"\n".getBytes(UTF_8)).build();
        assertThat(new String(CloudEventJson.toJson(text), UTF_8)).endsWith(",\"data\":\"a \\\"q\\\"\\n\"}");
    }

    @Test
    void writesBinaryAndInvalidJsonAsBase64() {
        CloudEvent binary = CloudEventBuilder.v1().withId("1").withSource(URI.create("/s")).withType("t")
                .withData("application/octet-stream", new byte[] {0, 1, 2, (byte) 255}).build();
        assertThat(new String(CloudEventJson.toJson(binary), UTF_8)).endsWith(",\"data_base64\":\"AAEC/w==\"}");
        CloudEvent notJson = CloudEventBuilder.v1(binary).withData("application/json", " {}".getBytes(UTF_8)).build();
        assertThat(new String(CloudEventJson.toJson(notJson), UTF_8)).contains("\"data_base64\"");
        CloudEvent latin1 = CloudEventBuilder.v1(binary).withData("text/plain; charset=iso-8859-1", "abc".getBytes(UTF_8)).build();
        assertThat(new String(CloudEventJson.toJson(latin1), UTF_8)).contains("\"data_base64\"");
    }

    @Test
    void writesIntoACharacterBasedGenerator() throws Exception {
        CloudEvent e = parse("{" + HEAD + ",\"n\":3,\"data\":{\"a\":\"é\"}}");
        CloudEvent text = CloudEventBuilder.v1(e).withData("text/plain", "é".getBytes(UTF_8)).build();
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartArray();
            CloudEventJson.write(e, g);
            CloudEventJson.write(text, g);
            g.writeEndArray();
        }
        List<CloudEvent> back = CloudEventJson.parseBatch(out.toString().getBytes(UTF_8), 2);
        assertThat(back).containsExactly(e, text);
    }
}
