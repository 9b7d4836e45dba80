package dev.tributary.server.grpc;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.tributary.core.EventRules;
import dev.tributary.core.InvalidEventException;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.core.v1.CloudEventV1;
import io.cloudevents.protobuf.ProtobufFormat;
import io.cloudevents.v1.proto.CloudEvent;
import io.cloudevents.v1.proto.CloudEvent.CloudEventAttributeValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Reads an event in the CloudEvents Protobuf format into a CloudEvent, with the rules every other decoder applies
 * ({@link EventRules}), so that an event refused over HTTP is refused over gRPC naming the same field ({@code source},
 * or {@code [3].source} in a batch) for the same reason. One pass: each attribute is checked and converted once.
 *
 * <p>What only this format can say is checked here: each context attribute must have the type the format gives it
 * ({@code time} a {@code ce_timestamp}, {@code dataschema} a {@code ce_uri}, the others {@code ce_string}); an
 * extension may have any of the format's seven types (the log stores them all), and {@code partitionkey} must be a
 * string; {@code proto_data} must come with {@code datacontenttype} {@value ProtobufFormat#PROTO_DATA_CONTENT_TYPE},
 * which is how it is known for protobuf data when it is read back. In proto3 an empty string is an unset field, so an
 * empty {@code id}, {@code source}, {@code type} or {@code spec_version} is reported as required, as a missing one is
 * over HTTP.
 *
 * <p>Stateless and thread-safe.
 */
final class ProtoEventReader {
    private ProtoEventReader() {}

    /**
     * The event, with {@code text_data} or {@code binary_data} as its data; {@code proto_data} is checked but left
     * out, for the SDK's format to read.
     *
     * @param names how the client's fields are named in errors: {@code name -> name} for one event, {@code name ->
     *     "[3]." + name} for the fourth of a batch
     * @throws InvalidEventException naming the first field that breaks a rule
     */
    static io.cloudevents.CloudEvent read(CloudEvent event, UnaryOperator<String> names) {
        required("specversion", event.getSpecVersion(), names, EventRules::specVersion);
        String id = required("id", event.getId(), names, EventRules::nonBlank);
        URI source = required("source", event.getSource(), names, EventRules::source);
        String type = required("type", event.getType(), names, EventRules::nonBlank);
        String dataContentType = null;
        URI dataSchema = null;
        String subject = null;
        OffsetDateTime time = null;
        Map<String, Object> extensions = null;
        for (Map.Entry<String, CloudEventAttributeValue> entry : event.getAttributesMap().entrySet()) {
            String name = entry.getKey();
            CloudEventAttributeValue value = entry.getValue();
            try {
                switch (name) {
                    case "specversion", "id", "source", "type" -> throw new IllegalArgumentException(
                            "must be set in its own field of the CloudEvent, not in attributes");
                    case "datacontenttype" -> dataContentType = EventRules.mediaType(string(value));
                    case "subject" -> subject = EventRules.nonBlank(string(value));
                    case "dataschema" -> dataSchema = EventRules.dataSchema(uri(value));
                    case "time" -> time = timestamp(value);
                    default -> {
                        if (extensions == null) {
                            extensions = new LinkedHashMap<>();
                        }
                        extensions.put(name, extension(name, value));
                    }
                }
            } catch (InvalidEventException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException(names.apply(name), e.getMessage());
            }
        }
        CloudEventData data = switch (event.getDataCase()) {
            case BINARY_DATA -> BytesCloudEventData.wrap(event.getBinaryData().toByteArray());
            case TEXT_DATA -> BytesCloudEventData.wrap(event.getTextDataBytes().toByteArray());
            case PROTO_DATA -> {
                if (!ProtobufFormat.PROTO_DATA_CONTENT_TYPE.equals(dataContentType)) {
                    throw new InvalidEventException(names.apply("proto_data"), "needs datacontenttype "
                            + ProtobufFormat.PROTO_DATA_CONTENT_TYPE + ", so that it reads back as proto_data");
                }
                yield null;
            }
            case DATA_NOT_SET -> null;
        };
        return new CloudEventV1(id, source, type, dataContentType, dataSchema, subject, time, data,
                extensions == null ? Map.of() : extensions);
    }

    private static <T> T required(String name, String value, UnaryOperator<String> names, Function<String, T> rule) {
        if (value.isEmpty()) {
            throw new InvalidEventException(names.apply(name), "is required");
        }
        try {
            return rule.apply(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(names.apply(name), e.getMessage());
        }
    }

    /** An extension's value as the log stores it: String, Integer, Boolean, byte[], URI or OffsetDateTime. */
    private static Object extension(String name, CloudEventAttributeValue value) {
        EventRules.extensionName(name);
        return switch (value.getAttrCase()) {
            case CE_STRING -> EventRules.extensionValue(name, value.getCeString());
            case CE_INTEGER -> EventRules.extensionValue(name, value.getCeInteger());
            case CE_BOOLEAN -> EventRules.extensionValue(name, value.getCeBoolean());
            case CE_BYTES, CE_URI, CE_URI_REF, CE_TIMESTAMP -> {
                if (EventRules.PARTITION_KEY.equals(name)) {
                    throw new IllegalArgumentException("must be a string");
                }
                yield switch (value.getAttrCase()) {
                    case CE_URI -> absolute(value.getCeUri());
                    case CE_URI_REF -> reference(value.getCeUriRef());
                    case CE_TIMESTAMP -> timestamp(value);
                    default -> value.getCeBytes().toByteArray();
                };
            }
            case ATTR_NOT_SET -> throw new IllegalArgumentException("has no value");
        };
    }

    private static String string(CloudEventAttributeValue value) {
        if (value.getAttrCase() != CloudEventAttributeValue.AttrCase.CE_STRING) {
            throw new IllegalArgumentException("must be a ce_string, was " + kind(value));
        }
        return value.getCeString();
    }

    private static String uri(CloudEventAttributeValue value) {
        return switch (value.getAttrCase()) {
            case CE_URI -> value.getCeUri();
            case CE_URI_REF -> value.getCeUriRef();
            default -> throw new IllegalArgumentException("must be a ce_uri, was " + kind(value));
        };
    }

    private static OffsetDateTime timestamp(CloudEventAttributeValue value) {
        if (value.getAttrCase() != CloudEventAttributeValue.AttrCase.CE_TIMESTAMP) {
            throw new IllegalArgumentException("must be a ce_timestamp, was " + kind(value));
        }
        Timestamp t = value.getCeTimestamp();
        if (!Timestamps.isValid(t)) {
            throw new IllegalArgumentException("must be a timestamp within 0001-01-01..9999-12-31 with nanos"
                    + " 0..999999999, was " + t.getSeconds() + "s " + t.getNanos() + "ns");
        }
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).atOffset(ZoneOffset.UTC);
    }

    private static URI absolute(String text) {
        URI uri = reference(text);
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("must be an absolute URI (a relative one is a ce_uri_ref), was \""
                    + text + "\"");
        }
        return uri;
    }

    private static URI reference(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("must be a URI-reference, was \"" + text + "\" (" + e.getReason()
                    + " at index " + e.getIndex() + ")");
        }
    }

    private static String kind(CloudEventAttributeValue value) {
        return value.getAttrCase() == CloudEventAttributeValue.AttrCase.ATTR_NOT_SET
                ? "no value"
                : "a " + value.getAttrCase().name().toLowerCase(Locale.ROOT);
    }
}
