package dev.tributary.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.tributary.core.InvalidEventException;
import dev.tributary.server.grpc.v1.StoredEvent;
import dev.tributary.server.http.EventBodies;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.protobuf.ProtobufFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Between the API's events (the CloudEvents Protobuf format, {@code io.cloudevents.v1.proto.CloudEvent}) and the
 * CloudEvents the buses store, through the CloudEvents SDK's {@link ProtobufFormat}: every attribute type (string,
 * boolean, integer, bytes, URI, URI-reference, timestamp) and the data bytes survive both ways. Coming in, each event is
 * checked first ({@link ProtoEventCheck}) and measured against {@code max-event-bytes} as HTTP measures it; a batch
 * against {@code max-batch-events}. Going out, data is {@code text_data} for a textual {@code datacontenttype},
 * {@code proto_data} for {@code application/protobuf}, {@code binary_data} otherwise (the format's rules).
 *
 * <p>Thread-safe.
 */
final class ProtoEvents {
    private static final ProtobufFormat FORMAT = new ProtobufFormat();

    private final int maxEventBytes;
    private final int maxBatchEvents;

    ProtoEvents(int maxEventBytes, int maxBatchEvents) {
        this.maxEventBytes = maxEventBytes;
        this.maxBatchEvents = maxBatchEvents;
    }

    /**
     * One event, its fields named as HTTP names those of a structured event ({@code source}; {@code event} for the
     * whole event).
     *
     * @param present whether the request carries it at all
     * @throws InvalidEventException naming the field
     */
    CloudEvent one(io.cloudevents.v1.proto.CloudEvent proto, boolean present) {
        if (!present) {
            throw new InvalidEventException("event", "is required");
        }
        return decode(proto, UnaryOperator.identity(), "event");
    }

    /**
     * The events of a batch, named as HTTP names those of a JSON batch ({@code [3].source}; {@code [3]} for the whole
     * fourth event).
     *
     * @param field the request field that holds them, for a batch that is empty or too long
     * @throws InvalidEventException naming the field
     */
    List<CloudEvent> batch(List<io.cloudevents.v1.proto.CloudEvent> protos, String field) {
        if (protos.isEmpty()) {
            throw new InvalidEventException(field, "batch is empty");
        }
        if (protos.size() > maxBatchEvents) {
            throw new InvalidEventException(field, "batch has " + protos.size() + " events, more than the limit of "
                    + maxBatchEvents);
        }
        List<CloudEvent> events = new ArrayList<>(protos.size());
        for (int i = 0; i < protos.size(); i++) {
            String index = "[" + i + "]";
            events.add(decode(protos.get(i), name -> index + "." + name, index));
        }
        return events;
    }

    private CloudEvent decode(io.cloudevents.v1.proto.CloudEvent proto, UnaryOperator<String> names, String whole) {
        ProtoEventCheck.check(proto, names);
        CloudEvent event;
        try {
            // proto_data keeps the SDK's own handling (it must read back as proto_data); the common cases are mapped
            // directly, which spares each event a serialization and a second parse
            event = proto.getDataCase() == io.cloudevents.v1.proto.CloudEvent.DataCase.PROTO_DATA
                    ? FORMAT.deserialize(proto.toByteArray())
                    : fromProto(proto);
        } catch (RuntimeException e) {
            // the check above leaves nothing the SDK refuses; should it still, say why rather than fail the call
            throw new InvalidEventException(whole, "the CloudEvents SDK refused it: " + e.getMessage());
        }
        long size = EventBodies.sizeOf(event);
        if (size > maxEventBytes) {
            throw new InvalidEventException(whole, "is " + size + " bytes, more than the limit of " + maxEventBytes
                    + " bytes");
        }
        return event;
    }

    /** A Protobuf event with text, binary or no data, as the SDK's format would read it. */
    private static CloudEvent fromProto(io.cloudevents.v1.proto.CloudEvent proto) {
        io.cloudevents.core.builder.CloudEventBuilder builder = io.cloudevents.core.builder.CloudEventBuilder.v1()
                .withId(proto.getId())
                .withSource(java.net.URI.create(proto.getSource()))
                .withType(proto.getType());
        for (var attribute : proto.getAttributesMap().entrySet()) {
            String name = attribute.getKey();
            var value = attribute.getValue();
            switch (name) {
                case "datacontenttype" -> builder.withDataContentType(value.getCeString());
                case "dataschema" -> builder.withDataSchema(java.net.URI.create(
                        value.hasCeUri() ? value.getCeUri() : value.hasCeUriRef() ? value.getCeUriRef() : value.getCeString()));
                case "subject" -> builder.withSubject(value.getCeString());
                case "time" -> builder.withTime(value.hasCeTimestamp() ? offsetDateTime(value.getCeTimestamp())
                        : java.time.OffsetDateTime.parse(value.getCeString()));
                default -> {
                    switch (value.getAttrCase()) {
                        case CE_BOOLEAN -> builder.withExtension(name, value.getCeBoolean());
                        case CE_INTEGER -> builder.withExtension(name, value.getCeInteger());
                        case CE_STRING -> builder.withExtension(name, value.getCeString());
                        case CE_BYTES -> builder.withExtension(name, value.getCeBytes().toByteArray());
                        case CE_URI -> builder.withExtension(name, java.net.URI.create(value.getCeUri()));
                        case CE_URI_REF -> builder.withExtension(name, java.net.URI.create(value.getCeUriRef()));
                        case CE_TIMESTAMP -> builder.withExtension(name, offsetDateTime(value.getCeTimestamp()));
                        case ATTR_NOT_SET -> throw new IllegalArgumentException(name + " has no value");
                    }
                }
            }
        }
        switch (proto.getDataCase()) {
            case BINARY_DATA -> builder.withData(proto.getBinaryData().toByteArray());
            case TEXT_DATA -> builder.withData(proto.getTextData().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            default -> { }
        }
        return builder.build();
    }

    private static java.time.OffsetDateTime offsetDateTime(com.google.protobuf.Timestamp t) {
        return java.time.Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).atOffset(java.time.ZoneOffset.UTC);
    }

    /** A stored event in the Protobuf format. */
    static io.cloudevents.v1.proto.CloudEvent toProto(CloudEvent event) {
        try {
            return io.cloudevents.v1.proto.CloudEvent.parseFrom(FORMAT.serialize(event));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // Data stored over HTTP as application/protobuf that is not a protobuf Any cannot be proto_data: it goes
            // out as the bytes it is, rather than making the event unreadable.
            return withBinaryData(event);
        }
    }

    private static io.cloudevents.v1.proto.CloudEvent withBinaryData(CloudEvent event) {
        try {
            io.cloudevents.v1.proto.CloudEvent.Builder proto = io.cloudevents.v1.proto.CloudEvent.parseFrom(
                    FORMAT.serialize(CloudEventBuilder.from(event).withoutData().build())).toBuilder();
            if (event.getData() != null) {
                proto.setBinaryData(ByteString.copyFrom(event.getData().toBytes()));
            }
            return proto.build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the CloudEvents SDK wrote a message it cannot read back", e);
        }
    }

    /** An event as stored, with its position. */
    static StoredEvent stored(dev.tributary.log.StoredEvent stored) {
        StoredEvent.Builder out = StoredEvent.newBuilder()
                .setPartition(stored.partition())
                .setOffset(stored.offset())
                .setTime(timestamp(stored.time()))
                .setEvent(toProto(stored.event()));
        if (stored.stream() != null) {
            out.setStream(stored.stream()).setVersion(stored.version());
        }
        return out.build();
    }

    static Timestamp timestamp(Instant time) {
        return Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build();
    }
}
