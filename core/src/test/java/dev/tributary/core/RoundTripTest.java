package dev.tributary.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RoundTripTest {
    @Property(tries = 300)
    void structuredJsonRoundTripsEveryEvent(@ForAll("events") CloudEvent event) {
        byte[] json = CloudEventJson.toJson(event);
        CloudEvent back = CloudEventJson.parseEvent(json);
        assertThat(back).isEqualTo(event);
        assertThat(CloudEventJson.toJson(back)).isEqualTo(json);
    }

    @Property(tries = 100)
    void batchesRoundTrip(@ForAll("batches") List<CloudEvent> events) {
        StringBuilder batch = new StringBuilder("[");
        for (CloudEvent e : events) {
            batch.append(batch.length() > 1 ? ",\n" : "").append(new String(CloudEventJson.toJson(e), UTF_8));
        }
        assertThat(CloudEventJson.parseBatch(batch.append(']').toString().getBytes(UTF_8), events.size()))
                .isEqualTo(events);
    }

    @Property(tries = 300)
    void binaryHeadersRoundTripWithExtensionsAsStrings(@ForAll("events") CloudEvent event) {
        byte[] body = event.getData() == null ? null : event.getData().toBytes();
        // A data-less event has no body; with a content type an empty body still means empty data.
        CloudEvent back = BinaryMode.decode(BinaryMode.encodeHeaders(event).entrySet(), body);
        CloudEventBuilder expected = CloudEventBuilder.v1(event);
        for (String name : event.getExtensionNames()) {
            expected.withExtension(name, String.valueOf(event.getExtension(name)));
        }
        if (event.getData() == null && event.getDataContentType() != null) {
            expected.withData(event.getDataContentType(), new byte[0]);
        }
        if (event.getData() != null && event.getDataContentType() == null
                && CloudEventJson.isOneJsonValue(event.getData().toBytes())) {
            expected.withData("application/json", event.getData().toBytes()); // what the JSON format implies
        }
        assertThat(back).isEqualTo(expected.build());
    }

    @org.junit.jupiter.api.Test
    void bytesThatAreANumberAndANulAreNotTakenForJson() {
        CloudEvent event = CloudEventBuilder.v1().withId("1").withSource(URI.create("/s")).withType("t")
                .withData(new byte[] {'0', 0}).build();
        byte[] json = CloudEventJson.toJson(event);
        assertThat(new String(json, UTF_8)).contains("\"data_base64\":\"MAA=\"");
        assertThat(CloudEventJson.parseBatch(("[" + new String(json, UTF_8) + "]").getBytes(UTF_8), 1))
                .containsExactly(event);
    }

    @Property(tries = 200)
    void rawJsonDataIsKeptByteForByte(@ForAll("jsonValues") String data, @ForAll("spaces") String before) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"data\":" + before + data
                + before + ",\"x\":1}";
        CloudEvent event = CloudEventJson.parseEvent(json.getBytes(UTF_8));
        assertThat(new String(event.getData().toBytes(), UTF_8)).isEqualTo(data);
        assertThat(new String(CloudEventJson.toJson(event), UTF_8)).contains("\"data\":" + data + "}");
    }

    @Provide
    Arbitrary<List<CloudEvent>> batches() {
        return events().list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> spaces() {
        return Arbitraries.of("", " ", "\n\t ", "\r\n");
    }

    @Provide
    Arbitrary<String> jsonValues() {
        Arbitrary<String> numbers = Arbitraries.of("0", "-0", "1.50", "1e10", "-2.5E-3", "12345678901234567890123", "0.000");
        Arbitrary<String> strings = Arbitraries.strings().all().ofMaxLength(20).filter(RoundTripTest::isWellFormed).map(RoundTripTest::jsonString);
        Arbitrary<String> scalars = Arbitraries.oneOf(numbers, strings, Arbitraries.of("true", "false", "null"));
        Arbitrary<String> spaced = Combinators.combine(scalars, spaces()).as((v, s) -> s + v + s);
        Arbitrary<String> arrays = spaced.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> objects = Combinators.combine(strings, spaced).as((k, v) -> k + " :" + v)
                .list().ofMaxSize(4).map(l -> "{" + String.join(" , ", l) + "}");
        return Arbitraries.oneOf(numbers, strings, arrays, objects,
                objects.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"))
                .filter(v -> !v.equals("null"));
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Provide
    Arbitrary<CloudEvent> events() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30)
                .filter(RoundTripTest::isWellFormed)
                .filter(s -> !s.isBlank());
        Arbitrary<URI> sources = Arbitraries.strings().withCharRange('a', 'z').withChars("/:-._~0123456789")
                .ofMinLength(1).ofMaxLength(20).map(s -> "urn:x:" + s).map(URI::create);
        Arbitrary<OffsetDateTime> times = Combinators.combine(
                        Arbitraries.longs().between(0, 4_000_000_000L),
                        Arbitraries.integers().between(0, 999_999_999),
                        Arbitraries.integers().between(-18 * 60, 18 * 60))
                .as((s, n, m) -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(s, n), ZoneOffset.ofTotalSeconds(m * 60)));
        Arbitrary<Object> extValues = Arbitraries.oneOf(
                text.map(s -> (Object) s), Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false));
        Arbitrary<Map<String, Object>> extensions = Arbitraries.maps(
                        Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(1).ofMaxLength(12)
                                .filter(n -> !n.equals("data") && !EventRules.isContextAttribute(n)
                                        && !n.equals(EventRules.PARTITION_KEY)),
                        extValues)
                .ofMaxSize(4);
        Arbitrary<String[]> payload = Arbitraries.oneOf(
                Arbitraries.just(new String[] {null, null}),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64)
                        .map(b -> new String[] {"application/octet-stream", java.util.Base64.getEncoder().encodeToString(b)}),
                text.map(s -> new String[] {"text/plain; charset=utf-8", b64(s.getBytes(UTF_8))}),
                jsonValues().map(s -> new String[] {"application/json", b64(s.getBytes(UTF_8))}),
                jsonValues().map(s -> new String[] {null, b64(s.getBytes(UTF_8))}),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16).map(b -> new String[] {null, b64(b)}),
                Arbitraries.of("application/xml", "text/csv", "application/json").map(ct -> new String[] {ct, null}));
        return Combinators.combine(
                        text, sources, text, text.injectNull(0.5), times.injectNull(0.5), extensions, payload,
                        Arbitraries.of("https://schema.example/v1", "urn:schema:x").injectNull(0.7))
                .as((id, source, type, subject, time, ext, data, schema) -> {
                    CloudEventBuilder b = CloudEventBuilder.v1().withId(id).withSource(source).withType(type)
                            .withSubject(subject).withTime(time)
                            .withDataSchema(schema == null ? null : URI.create(schema));
                    Map<String, Object> ordered = new LinkedHashMap<>(ext);
                    ordered.forEach((k, v) -> {
                        if (v instanceof Integer i) b.withExtension(k, i);
                        else if (v instanceof Boolean bool) b.withExtension(k, bool);
                        else b.withExtension(k, (String) v);
                    });
                    if (data[1] != null) {
                        b.withData(data[0], java.util.Base64.getDecoder().decode(data[1]));
                    } else if (data[0] != null) {
                        b.withDataContentType(data[0]);
                    }
                    return b.build();
                });
    }

    private static String b64(byte[] bytes) {
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private static boolean isWellFormed(String s) {
        return new String(s.getBytes(UTF_8), UTF_8).equals(s);
    }
}
