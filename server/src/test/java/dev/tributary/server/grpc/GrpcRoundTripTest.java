package dev.tributary.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import dev.tributary.server.grpc.v1.CloudEventBatch;
import dev.tributary.server.grpc.v1.PublishBatchRequest;
import dev.tributary.server.grpc.v1.PublishBatchResponse;
import dev.tributary.server.grpc.v1.ReadPartitionRequest;
import dev.tributary.server.grpc.v1.StoredEvent;
import io.cloudevents.v1.proto.CloudEvent;
import io.cloudevents.v1.proto.CloudEvent.CloudEventAttributeValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated events with every attribute type and every kind of data survive the trip between the APIs: published
 * over gRPC, they read back over HTTP as the CloudEvents JSON format says they must, and over gRPC identical; published
 * over HTTP (what JSON can say), they read back over gRPC as the Protobuf format says they must.
 */
class GrpcRoundTripTest {
    private static final AtomicLong IDS = new AtomicLong();
    private static Path dir;
    private static GrpcTestNode node;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("grpc-roundtrip");
        node = new GrpcTestNode(dir.resolve("data"));
        node.createBus("trip", 1);
    }

    @AfterContainer
    static void stop() throws IOException {
        node.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** One generated event: its attributes with their types, and its data. */
    record Model(String id, String source, String type, Optional<String> subject, Optional<String> dataSchema,
            Optional<Instant> time, Map<String, Object> extensions, Data data) {}

    /** Data and the content type it comes with; {@code kind} says which field of the Protobuf format carries it. */
    record Data(Kind kind, String contentType, byte[] bytes) {
        enum Kind { NONE, BINARY, TEXT, JSON, PROTO }
    }

    /** A URI-reference extension that is not absolute: the Protobuf format's ce_uri_ref. */
    record Reference(String text) {}

    @Property(tries = 30)
    void publishedOverGrpcReadsBackOverHttpAndGrpc(@ForAll("batches") List<Model> models) {
        List<CloudEvent> sent = models.stream().map(GrpcRoundTripTest::proto).toList();
        PublishBatchResponse published = node.publisher().publishBatch(PublishBatchRequest.newBuilder().setBus("trip")
                .setBatch(CloudEventBatch.newBuilder().addAllEvents(sent)).build());
        long first = published.getPositions(0).getOffset();

        List<StoredEvent> overGrpc = node.reader().readPartition(ReadPartitionRequest.newBuilder().setBus("trip")
                .setPartition(0).setFromOffset(first).setLimit(models.size()).build()).getEventsList();
        JsonNode overHttp = GrpcTestNode.json(node.http("GET",
                "/v1/buses/trip/partitions/0/events?from=" + first + "&limit=" + models.size(), null, null).body());

        assertThat(overGrpc).extracting(StoredEvent::getEvent).containsExactlyElementsOf(sent);
        for (int i = 0; i < models.size(); i++) {
            assertJsonMatches(overHttp.path("events").get(i).path("event"), models.get(i));
        }
    }

    @Property(tries = 30)
    void publishedOverHttpReadsBackOverGrpc(@ForAll("jsonBatches") List<Model> models) {
        StringBuilder batch = new StringBuilder("[");
        for (Model m : models) {
            batch.append(batch.length() > 1 ? "," : "").append(json(m));
        }
        var answer = node.http("POST", "/v1/buses/trip/events", "application/cloudevents-batch+json",
                batch.append(']').toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        long first = GrpcTestNode.json(answer.body()).path("results").get(0).path("offset").asLong();

        List<StoredEvent> overGrpc = node.reader().readPartition(ReadPartitionRequest.newBuilder().setBus("trip")
                .setPartition(0).setFromOffset(first).setLimit(models.size()).build()).getEventsList();

        assertThat(overGrpc).extracting(StoredEvent::getEvent)
                .containsExactlyElementsOf(models.stream().map(GrpcRoundTripTest::proto).toList());
    }

    // --- the Protobuf format, as the spec says it carries each type -------------------------------------------------

    static CloudEvent proto(Model m) {
        CloudEvent.Builder e = CloudEvent.newBuilder().setSpecVersion("1.0").setId(m.id()).setSource(m.source())
                .setType(m.type());
        m.subject().ifPresent(s -> e.putAttributes("subject", value().setCeString(s).build()));
        m.dataSchema().ifPresent(s -> e.putAttributes("dataschema", value().setCeUri(s).build()));
        m.time().ifPresent(t -> e.putAttributes("time", value().setCeTimestamp(timestamp(t)).build()));
        m.extensions().forEach((name, v) -> e.putAttributes(name, switch (v) {
            case String s -> value().setCeString(s).build();
            case Integer i -> value().setCeInteger(i).build();
            case Boolean b -> value().setCeBoolean(b).build();
            case byte[] b -> value().setCeBytes(ByteString.copyFrom(b)).build();
            case Reference r -> value().setCeUriRef(r.text()).build();
            case java.net.URI u -> value().setCeUri(u.toString()).build();
            case Instant t -> value().setCeTimestamp(timestamp(t)).build();
            default -> throw new IllegalArgumentException(v.getClass().getName());
        }));
        Data d = m.data();
        if (d.contentType() != null) {
            e.putAttributes("datacontenttype", value().setCeString(d.contentType()).build());
        }
        switch (d.kind()) {
            case NONE -> {}
            case BINARY -> e.setBinaryData(ByteString.copyFrom(d.bytes()));
            case TEXT, JSON -> e.setTextData(new String(d.bytes(), StandardCharsets.UTF_8));
            case PROTO -> {
                try {
                    e.setProtoData(Any.parseFrom(d.bytes()));
                } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                    throw new IllegalStateException(x);
                }
            }
        }
        return e.build();
    }

    private static CloudEventAttributeValue.Builder value() {
        return CloudEventAttributeValue.newBuilder();
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    // --- the JSON format, as the spec says it carries each type -----------------------------------------------------

    /** A structured JSON event as a producer would write it (only what JSON can carry: no typed extensions). */
    static String json(Model m) {
        ObjectNode e = attributesAsJson(m);
        String text = e.toString();
        Data d = m.data();
        String data = switch (d.kind()) {
            case NONE -> null;
            case JSON -> "\"data\":" + new String(d.bytes(), StandardCharsets.UTF_8);
            case TEXT -> "\"data\":" + JsonNodeFactory.instance.textNode(new String(d.bytes(), StandardCharsets.UTF_8));
            case BINARY, PROTO -> "\"data_base64\":\"" + Base64.getEncoder().encodeToString(d.bytes()) + "\"";
        };
        // data goes in raw, so that JSON data is the exact bytes the producer wrote
        return data == null ? text : text.substring(0, text.length() - 1) + "," + data + "}";
    }

    private static ObjectNode attributesAsJson(Model m) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("specversion", "1.0").put("id", m.id()).put("source", m.source()).put("type", m.type());
        m.subject().ifPresent(s -> e.put("subject", s));
        m.dataSchema().ifPresent(s -> e.put("dataschema", s));
        m.time().ifPresent(t -> e.put("time", t.toString()));
        if (m.data().contentType() != null) {
            e.put("datacontenttype", m.data().contentType());
        }
        m.extensions().forEach((name, v) -> {
            switch (v) {
                case String s -> e.put(name, s);
                case Integer i -> e.put(name, i);
                case Boolean b -> e.put(name, b);
                case byte[] b -> e.put(name, Base64.getEncoder().encodeToString(b));
                case Reference r -> e.put(name, r.text());
                case java.net.URI u -> e.put(name, u.toString());
                case Instant t -> e.put(name, t.toString());
                default -> throw new IllegalArgumentException(v.getClass().getName());
            }
        });
        return e;
    }

    /** What HTTP answers for an event is the JSON format's rendering of it: typed values as their canonical text. */
    private static void assertJsonMatches(JsonNode actual, Model m) {
        ObjectNode expected = attributesAsJson(m);
        assertThat(names(actual)).containsExactlyInAnyOrderElementsOf(
                m.data().kind() == Data.Kind.NONE ? names(expected) : withData(names(expected), m.data()));
        for (Map.Entry<String, JsonNode> attribute : expected.properties()) {
            String name = attribute.getKey();
            Object typed = m.extensions().get(name);
            if (name.equals("time") || typed instanceof Instant) {
                assertThat(Instant.parse(actual.path(name).asText())).as(name)
                        .isEqualTo(Instant.parse(attribute.getValue().asText()));
            } else {
                assertThat(actual.path(name)).as(name).isEqualTo(attribute.getValue());
            }
        }
        Data d = m.data();
        switch (d.kind()) {
            case NONE -> {}
            case JSON -> assertThat(actual.path("data")).isEqualTo(GrpcTestNode.json(
                    new String(d.bytes(), StandardCharsets.UTF_8)));
            case TEXT -> assertThat(actual.path("data").asText()).isEqualTo(new String(d.bytes(), StandardCharsets.UTF_8));
            case BINARY, PROTO -> assertThat(Base64.getDecoder().decode(actual.path("data_base64").asText()))
                    .isEqualTo(d.bytes());
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> withData(List<String> names, Data d) {
        List<String> all = new ArrayList<>(names);
        all.add(d.kind() == Data.Kind.BINARY || d.kind() == Data.Kind.PROTO ? "data_base64" : "data");
        return all;
    }

    // --- generators ---------------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Model>> batches() {
        return models(true).list().ofMinSize(1).ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<Model>> jsonBatches() {
        return models(false).list().ofMinSize(1).ofMaxSize(10);
    }

    /** @param typed whether extensions may have the types only the Protobuf format carries, and data may be proto_data */
    private static Arbitrary<Model> models(boolean typed) {
        Arbitrary<String> words = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(1)
                .ofMaxLength(12);
        // printable text in several scripts, never a lone surrogate (protobuf strings are UTF-8)
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withCharRange('à', 'ÿ')
                .withCharRange('α', 'ω').withCharRange('一', '龥').ofMaxLength(24);
        Arbitrary<String> sources = Arbitraries.oneOf(words.map(w -> "/sources/" + w), words.map(w -> "urn:tributary:" + w),
                words.map(w -> "https://producer.example/" + w));
        Arbitrary<Instant> times = Arbitraries.longs().between(0, 4_102_444_800L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        List<Arbitrary<Object>> values = new ArrayList<>(List.of(text.map(s -> s), Arbitraries.integers().map(i -> i),
                Arbitraries.of(true, false).map(b -> b)));
        if (typed) {
            values.add(Arbitraries.bytes().array(byte[].class).ofMaxSize(32).map(b -> b));
            values.add(words.map(w -> java.net.URI.create("https://ext.example/" + w)));
            values.add(words.map(w -> new Reference("relative/" + w)));
            values.add(times.map(t -> t));
        }
        Arbitrary<Map<String, Object>> extensions = Arbitraries.maps(
                words.map(w -> "x" + w), Arbitraries.oneOf(values)).ofMaxSize(7).map(LinkedHashMap::new);
        return Builders.withBuilder(() -> new Model("e" + IDS.incrementAndGet(), "/", "t", Optional.empty(),
                        Optional.empty(), Optional.empty(), Map.of(), new Data(Data.Kind.NONE, null, null)))
                .use(words).in((m, w) -> new Model(w + "-" + IDS.incrementAndGet(), m.source(), m.type(), m.subject(),
                        m.dataSchema(), m.time(), m.extensions(), m.data()))
                .use(sources).in((m, s) -> new Model(m.id(), s, m.type(), m.subject(), m.dataSchema(), m.time(),
                        m.extensions(), m.data()))
                .use(words).in((m, w) -> new Model(m.id(), m.source(), "com.example." + w, m.subject(), m.dataSchema(),
                        m.time(), m.extensions(), m.data()))
                .use(words.optional()).in((m, w) -> new Model(m.id(), m.source(), m.type(), w.map(s -> "subject " + s),
                        m.dataSchema(), m.time(), m.extensions(), m.data()))
                .use(words.optional()).in((m, w) -> new Model(m.id(), m.source(), m.type(), m.subject(),
                        w.map(s -> "https://schemas.example/" + s), m.time(), m.extensions(), m.data()))
                .use(times.optional()).in((m, t) -> new Model(m.id(), m.source(), m.type(), m.subject(),
                        m.dataSchema(), t, m.extensions(), m.data()))
                .use(extensions).in((m, x) -> new Model(m.id(), m.source(), m.type(), m.subject(), m.dataSchema(),
                        m.time(), x, m.data()))
                .use(data(typed, text)).in((m, d) -> new Model(m.id(), m.source(), m.type(), m.subject(),
                        m.dataSchema(), m.time(), m.extensions(), d))
                .build();
    }

    private static Arbitrary<Data> data(boolean typed, Arbitrary<String> text) {
        Arbitrary<Data> none = Arbitraries.of("application/json", null).map(ct -> new Data(Data.Kind.NONE, ct, null));
        Arbitrary<Data> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(200).flatMap(b ->
                Arbitraries.of("application/octet-stream", "image/png").map(ct -> new Data(Data.Kind.BINARY, ct, b)));
        Arbitrary<Data> plain = text.flatMap(t -> Arbitraries.of("text/plain", "text/csv; charset=utf-8")
                .map(ct -> new Data(Data.Kind.TEXT, ct, t.getBytes(StandardCharsets.UTF_8))));
        Arbitrary<Data> json = text.map(t -> "{\"text\": " + JsonNodeFactory.instance.textNode(t) + ", \"n\": [1, 2.5]}")
                .map(j -> new Data(Data.Kind.JSON, "application/json", j.getBytes(StandardCharsets.UTF_8)));
        if (!typed) {
            return Arbitraries.oneOf(none, binary, plain, json);
        }
        Arbitrary<Data> proto = text.map(t -> new Data(Data.Kind.PROTO, "application/protobuf",
                Any.pack(StringValue.of(t)).toByteArray()));
        return Arbitraries.oneOf(none, binary, plain, json, proto);
    }
}
