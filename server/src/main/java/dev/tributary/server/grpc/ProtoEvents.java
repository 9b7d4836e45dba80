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
 * CloudEvents the buses store: every attribute type (string, boolean, integer, bytes, URI, URI-reference, timestamp)
 * and the data bytes survive both ways. Coming in, each event is read and checked in one pass
 * ({@link ProtoEventReader}; {@code proto_data} through the CloudEvents SDK's {@link ProtobufFormat}) and measured
 * against {@code max-event-bytes} as HTTP measures it; a batch against {@code max-batch-events}. Going out, data is
 * {@code text_data} for a textual {@code datacontenttype}, {@code proto_data} for {@code application/protobuf},
 * {@code binary_data} otherwise (the format's rules).
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
    Decoded one(io.cloudevents.v1.proto.CloudEvent proto, boolean present) {
        if (!present) {
            throw new InvalidEventException("event", "is required");
        }
        Decoded decoded = new Decoded(new ArrayList<>(1));
        decoded.add(proto, UnaryOperator.identity(), "event");
        return decoded;
    }

    /**
     * The events of a batch, named as HTTP names those of a JSON batch ({@code [3].source}; {@code [3]} for the whole
     * fourth event).
     *
     * @param field the request field that holds them, for a batch that is empty or too long
     * @throws InvalidEventException naming the field
     */
    Decoded batch(List<io.cloudevents.v1.proto.CloudEvent> protos, String field) {
        if (protos.isEmpty()) {
            throw new InvalidEventException(field, "batch is empty");
        }
        if (protos.size() > maxBatchEvents) {
            throw new InvalidEventException(field, "batch has " + protos.size() + " events, more than the limit of "
                    + maxBatchEvents);
        }
        Decoded decoded = new Decoded(new ArrayList<>(protos.size()));
        for (int i = 0; i < protos.size(); i++) {
            String index = "[" + i + "]";
            decoded.add(protos.get(i), name -> index + "." + name, index);
        }
        return decoded;
    }

    /**
     * The events of one request and their size as {@code max-event-bytes} counts it (data plus attribute text), which
     * the ingest metrics count as the request's bytes: the size of the message itself would cost a walk over every
     * string of it.
     */
    final class Decoded {
        private final List<CloudEvent> events;
        private long bytes;

        private Decoded(List<CloudEvent> events) {
            this.events = events;
        }

        List<CloudEvent> events() {
            return events;
        }

        long bytes() {
            return bytes;
        }

        private void add(io.cloudevents.v1.proto.CloudEvent proto, UnaryOperator<String> names, String whole) {
            CloudEvent event = decode(proto, whole, names);
            long size = EventBodies.sizeOf(event);
            if (size > maxEventBytes) {
                throw new InvalidEventException(whole, "is " + size + " bytes, more than the limit of "
                        + maxEventBytes + " bytes");
            }
            bytes += size;
            events.add(event);
        }
    }

    private static CloudEvent decode(io.cloudevents.v1.proto.CloudEvent proto, String whole,
            UnaryOperator<String> names) {
        CloudEvent event = ProtoEventReader.read(proto, names);
        if (proto.getDataCase() == io.cloudevents.v1.proto.CloudEvent.DataCase.PROTO_DATA) {
            try {
                event = FORMAT.deserialize(proto.toByteArray()); // so that it reads back as proto_data
            } catch (RuntimeException e) {
                // the reader leaves nothing the SDK refuses; should it still, say why rather than fail the call
                throw new InvalidEventException(whole, "the CloudEvents SDK refused it: " + e.getMessage());
            }
        }
        return event;
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

    /** An event as stored, with its position (and its global position when it was read in the global order). */
    static StoredEvent stored(dev.tributary.log.StoredEvent stored) {
        StoredEvent.Builder out = StoredEvent.newBuilder()
                .setPartition(stored.partition())
                .setOffset(stored.offset())
                .setTime(timestamp(stored.time()))
                .setEvent(toProto(stored.event()));
        if (stored.stream() != null) {
            out.setStream(stored.stream()).setVersion(stored.version());
        }
        if (stored.globalPosition() >= 0) {
            out.setPosition(stored.globalPosition());
        }
        return out.build();
    }

    static Timestamp timestamp(Instant time) {
        return Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build();
    }
}
