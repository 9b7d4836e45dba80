package dev.tributary.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BinaryModeTest {
    static Map<String, String> required() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("CE-SpecVersion", "1.0");
        h.put("ce-id", "1");
        h.put("Ce-Source", "/s");
        h.put("ce-type", "t");
        return h;
    }

    static CloudEvent decode(Map<String, String> headers, byte[] body) {
        return BinaryMode.decode(headers.entrySet(), body);
    }

    static void assertInvalid(Map<String, String> headers, String field, String reasonPart) {
        assertThatThrownBy(() -> decode(headers, new byte[0]))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).contains(reasonPart);
                });
    }

    @Test
    void readsAttributesFromCeHeadersAndDataFromTheBody() {
        Map<String, String> h = required();
        h.put("Content-Type", "application/octet-stream");
        h.put("ce-subject", "a%20b%C3%A9%25");
        h.put("ce-MyExt", "42");
        h.put("Accept", "ignored");
        byte[] body = {0, 1, (byte) 0xFF};
        CloudEvent e = decode(h, body);
        assertThat(e.getId()).isEqualTo("1");
        assertThat(e.getSource()).isEqualTo(URI.create("/s"));
        assertThat(e.getSubject()).isEqualTo("a bé%");
        assertThat(e.getDataContentType()).isEqualTo("application/octet-stream");
        assertThat(e.getExtension("myext")).isEqualTo("42");
        assertThat(e.getData().toBytes()).containsExactly(body);
    }

    @Test
    void hasNoDataWithoutBodyOrContentType() {
        assertThat(decode(required(), new byte[0]).getData()).isNull();
        assertThat(decode(required(), null).getData()).isNull();
        Map<String, String> h = required();
        h.put("content-type", "text/plain");
        assertThat(decode(h, new byte[0]).getData().toBytes()).isEmpty();
    }

    @Test
    void acceptsTheLookupShape() {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(required());
        h.put("content-type", "text/plain");
        CloudEvent e = BinaryMode.decode(h::get, h.keySet(), "hi".getBytes(UTF_8));
        assertThat(e.getType()).isEqualTo("t");
        assertThat(e.getDataContentType()).isEqualTo("text/plain");
    }

    @Test
    void namesTheHeaderOfAMissingOrBadAttribute() {
        Map<String, String> h = required();
        h.remove("Ce-Source");
        assertInvalid(h, "ce-source", "is required");
        h = required();
        h.put("CE-SpecVersion", "0.3");
        assertInvalid(h, "ce-specversion", "only 1.0 is supported");
        h = required();
        h.put("ce-time", "yesterday");
        assertInvalid(h, "ce-time", "RFC 3339");
        h = required();
        h.put("content-type", "nonsense");
        assertInvalid(h, "content-type", "media type");
        h = required();
        h.put("ce-data", "x");
        assertInvalid(h, "ce-data", "reserved");
        h = required();
        h.put("ce-my_ext", "x");
        assertInvalid(h, "ce-my_ext", "a-z 0-9");
        h = required();
        h.put("ce-datacontenttype", "text/plain");
        assertInvalid(h, "ce-datacontenttype", "Content-Type");
        h = required();
        h.put("ce-partitionkey", "");
        assertInvalid(h, "ce-partitionkey", "must not be empty");
    }

    @Test
    void rejectsBadPercentEncodingAndInvalidUtf8() {
        for (String bad : new String[] {"%", "%4", "%G0", "%C3", "%C3%28", "%ED%A0%80"}) {
            Map<String, String> h = required();
            h.put("ce-subject", bad);
            assertInvalid(h, "ce-subject", bad.length() < 4 && !bad.equals("%C3") ? "percent-encoding" : "UTF-8");
        }
        Map<String, String> h = required();
        h.put("ce-subject", "\u20ac");
        assertInvalid(h, "ce-subject", "HTTP header");
    }

    @Test
    void acceptsRawUtf8BytesSentAsLatin1() {
        Map<String, String> h = required();
        h.put("ce-subject", new String("é".getBytes(UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(decode(h, null).getSubject()).isEqualTo("é");
    }

    @Test
    void rejectsARepeatedHeader() {
        var entries = new java.util.ArrayList<>(required().entrySet());
        entries.add(Map.entry("CE-ID", "2"));
        assertThatThrownBy(() -> BinaryMode.decode(entries, null))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("ce-id"));
    }

    @Test
    void encodesHeadersForClients() {
        CloudEvent e = CloudEventBuilder.v1().withId("1").withSource(URI.create("/s")).withType("t")
                .withSubject("a b\"é%\n").withExtension("n", 5).withExtension("flag", true)
                .withData("text/plain", "x".getBytes(UTF_8)).build();
        Map<String, String> h = BinaryMode.encodeHeaders(e);
        assertThat(h).containsEntry("ce-specversion", "1.0")
                .containsEntry("ce-subject", "a%20b%22%C3%A9%25%0A")
                .containsEntry("ce-n", "5")
                .containsEntry("ce-flag", "true")
                .containsEntry("Content-Type", "text/plain");
        h.values().forEach(v -> assertThat(v.chars().allMatch(c -> c > 0x20 && c < 0x7F)).isTrue());
        CloudEvent back = decode(h, e.getData().toBytes());
        assertThat(back.getSubject()).isEqualTo("a b\"é%\n");
        assertThat(back.getExtension("n")).isEqualTo("5");
        assertThat(h.keySet()).allMatch(k -> k.equals("Content-Type") || k.equals(k.toLowerCase(Locale.ROOT)));
    }

    @Test
    void sendsJsonDataWithoutADataContentTypeAsApplicationJson() {
        CloudEvent structured = CloudEventJson.parseEvent(
                "{\"specversion\":\"1.0\",\"id\":\"order-1002\",\"source\":\"/shop\",\"type\":\"t\",\"data\":{\"total\":7}}"
                        .getBytes(UTF_8));

        assertThat(BinaryMode.encodeHeaders(structured)).containsEntry("Content-Type", "application/json");
    }

    @Test
    void sendsOpaqueDataWithoutADataContentTypeWithoutContentType() {
        CloudEvent opaque = CloudEventBuilder.v1().withId("1").withSource(URI.create("/s")).withType("t")
                .withData(new byte[] {1, 2, 3}).build();
        CloudEvent none = CloudEventBuilder.v1(opaque).withoutData().build();

        assertThat(BinaryMode.encodeHeaders(opaque)).doesNotContainKey("Content-Type");
        assertThat(BinaryMode.encodeHeaders(none)).doesNotContainKey("Content-Type");
    }
}
