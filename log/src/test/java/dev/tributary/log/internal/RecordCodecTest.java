package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    static ByteBuffer encode(CloudEvent e, long offset, long time, String stream, long version) {
        RecordCodec codec = new RecordCodec(64);
        codec.encode(e, offset, time, stream, version);
        ByteBuffer direct = codec.buffer().duplicate().flip();
        ByteBuffer heap = ByteBuffer.allocate(direct.remaining());
        heap.put(direct).flip();
        return heap;
    }

    static RecordCodec.DecodedRecord roundTrip(CloudEvent e) {
        return RecordCodec.decode(encode(e, 7, 1234, null, -1), 0);
    }

    @Test
    void keepsEveryAttributeAndExtensionType() {
        OffsetDateTime time = OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_789, ZoneOffset.ofHoursMinutes(5, 30));
        CloudEvent e = CloudEventBuilder.v1()
                .withId("id-1")
                .withSource(URI.create("https://example.com/a/../b?x=%20y#frag"))
                .withType("com.example.order.created")
                .withDataContentType("application/json")
                .withDataSchema(URI.create("urn:schema:order:v1"))
                .withSubject("order/42")
                .withTime(time)
                .withExtension("text", "välue ✓")
                .withExtension("count", 42)
                .withExtension("flag", true)
                .withExtension("link", URI.create("../relative/ref"))
                .withExtension("stamp", OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 1, ZoneOffset.UTC))
                .withExtension("big", 1L << 40)
                .withData("application/json", "{\"a\":1}".getBytes())
                .build();
        RecordCodec.DecodedRecord r = roundTrip(e);
        assertThat(r.event()).isEqualTo(e);
        assertThat(r.event().getSource().toString()).isEqualTo("https://example.com/a/../b?x=%20y#frag");
        assertThat(r.event().getTime()).isEqualTo(time);
        assertThat(r.event().getExtension("count")).isInstanceOf(Integer.class);
        assertThat(r.event().getExtension("big")).isEqualTo(1L << 40);
        assertThat(r.offset()).isEqualTo(7);
        assertThat(r.time()).isEqualTo(Instant.ofEpochMilli(1234));
        assertThat(r.stream()).isNull();
        assertThat(r.version()).isEqualTo(-1);
    }

    @Test
    void keepsBinaryExtensionsAndBinaryData() {
        byte[] bytes = {0, -1, 127, -128, 10, 13};
        CloudEvent e = base().withExtension("bin", bytes).withData(bytes).build();
        CloudEvent back = roundTrip(e).event();
        assertThat((byte[]) back.getExtension("bin")).containsExactly(bytes);
        assertThat(back.getData().toBytes()).containsExactly(bytes);
    }

    @Test
    void keepsEmptyDataDistinctFromAbsentData() {
        CloudEvent empty = base().withData(new byte[0]).build();
        CloudEvent absent = base().build();
        assertThat(roundTrip(empty).event().getData()).isNotNull();
        assertThat(roundTrip(empty).event().getData().toBytes()).isEmpty();
        assertThat(roundTrip(absent).event().getData()).isNull();
        assertThat(roundTrip(empty).event()).isEqualTo(empty);
        assertThat(roundTrip(absent).event()).isEqualTo(absent);
    }

    @Test
    void keepsStreamAndVersion() {
        ByteBuffer b = encode(base().build(), 3, 9, "order-42", 17);
        assertThat(RecordCodec.streamId(b, 0)).isEqualTo("order-42");
        assertThat(RecordCodec.streamVersion(b, 0)).isEqualTo(17);
        RecordCodec.DecodedRecord r = RecordCodec.decode(b, 0);
        assertThat(r.stream()).isEqualTo("order-42");
        assertThat(r.version()).isEqualTo(17);
        assertThat(RecordCodec.sourceIdHash(b, 0)).isEqualTo(Hash64.of("/src", "id"));
    }

    @Test
    void checksumCoversEverythingAfterIt() {
        ByteBuffer b = encode(base().withData(new byte[] {1, 2, 3}).build(), 1, 2, null, -1);
        int size = b.getInt(0) + 4;
        assertThat(size).isEqualTo(b.remaining());
        assertThat(RecordCodec.checksumMatches(b, 0, size, new CRC32C())).isTrue();
        for (int i = RecordCodec.OFFSET_AT; i < size; i++) {
            ByteBuffer copy = ByteBuffer.allocate(size).put(0, b, 0, size);
            copy.put(i, (byte) (copy.get(i) ^ 0x10));
            assertThat(RecordCodec.checksumMatches(copy, 0, size, new CRC32C())).as("byte %d", i).isFalse();
        }
    }

    @Test
    void rejectsAnExtensionTypeCloudEventsDoesNotDefine() {
        CloudEvent e = base().withExtension("weird", 1.5d).build();
        assertThatThrownBy(() -> new RecordCodec(64).encode(e, 0, 0, null, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weird");
    }

    private static CloudEventBuilder base() {
        return CloudEventBuilder.v1().withId("id").withSource(URI.create("/src")).withType("t");
    }

    // ---- property: arbitrary events round-trip equal ----

    @Property(tries = 300)
    void arbitraryEventsRoundTripEqual(@ForAll("events") CloudEvent e) {
        CloudEvent back = roundTrip(e).event();
        assertThat(back.getId()).isEqualTo(e.getId());
        assertThat(back.getExtensionNames()).isEqualTo(e.getExtensionNames());
        for (String name : e.getExtensionNames()) {
            Object expected = e.getExtension(name);
            if (expected instanceof byte[] bytes) {
                assertThat((byte[]) back.getExtension(name)).containsExactly(bytes);
            } else {
                assertThat(back.getExtension(name)).isEqualTo(expected);
            }
        }
        boolean hasBinaryExtension =
                e.getExtensionNames().stream().anyMatch(n -> e.getExtension(n) instanceof byte[]);
        if (!hasBinaryExtension) {
            assertThat(back).isEqualTo(e); // CloudEvent.equals compares byte[] extensions by identity
        }
        assertThat(back.getSource().toString()).isEqualTo(e.getSource().toString());
        if (e.getData() == null) {
            assertThat(back.getData()).isNull();
        } else {
            assertThat(back.getData().toBytes()).containsExactly(e.getData().toBytes());
        }
    }

    @Provide
    Arbitrary<CloudEvent> events() {
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(30);
        Arbitrary<URI> uris = Arbitraries.of(
                "/src", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", "https://example.com/x?y=1#z",
                "../relative", "mailto:a@b.c", "HTTP://EXAMPLE.com:8080/%7Euser")
                .map(URI::create);
        Arbitrary<OffsetDateTime> times = Combinators.combine(
                        Arbitraries.longs().between(-62135596800L, 253402300799L),
                        Arbitraries.integers().between(0, 999_999_999),
                        Arbitraries.integers().between(-18 * 3600, 18 * 3600))
                .as((s, n, o) -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(s, n), ZoneOffset.ofTotalSeconds(o)));
        Arbitrary<Object> values = Arbitraries.oneOf(
                text.map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b),
                uris.map(u -> (Object) u),
                times.map(t -> (Object) t),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(b -> (Object) b));
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(12)
                .filter(n -> !RecordCodec.CONTEXT_ATTRIBUTES.contains(n) && !n.equals("data")
                        && !n.equals("data_base64"));
        Arbitrary<List<Object[]>> extensions = Combinators.combine(names, values)
                .as((n, v) -> new Object[] {n, v})
                .list()
                .ofMaxSize(6)
                .uniqueElements(pair -> pair[0]);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Combinators.combine(
                        text, uris, text, text.injectNull(0.3), uris.injectNull(0.5), text.injectNull(0.5),
                        times.injectNull(0.3), extensions)
                .as((id, source, type, contentType, schema, subject, time, ext) -> {
                    CloudEventBuilder b = CloudEventBuilder.v1().withId(id).withSource(source).withType(type);
                    if (contentType != null) {
                        b.withDataContentType(contentType);
                    }
                    if (schema != null) {
                        b.withDataSchema(schema);
                    }
                    if (subject != null) {
                        b.withSubject(subject);
                    }
                    if (time != null) {
                        b.withTime(time);
                    }
                    for (Object[] x : ext) {
                        String n = (String) x[0];
                        switch (x[1]) {
                            case String s -> b.withExtension(n, s);
                            case Integer i -> b.withExtension(n, i);
                            case Boolean bo -> b.withExtension(n, bo);
                            case URI u -> b.withExtension(n, u);
                            case OffsetDateTime t -> b.withExtension(n, t);
                            case byte[] bytes -> b.withExtension(n, bytes);
                            default -> throw new IllegalStateException();
                        }
                    }
                    return b;
                })
                .flatMap(b -> Arbitraries.oneOf(
                        Arbitraries.just(0).map(x -> b.build()),
                        data.map(d -> b.withData(d).build())));
    }
}
