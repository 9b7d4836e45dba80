package dev.tributary.server.grpc;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.tributary.core.EventRules;
import dev.tributary.core.InvalidEventException;
import io.cloudevents.protobuf.ProtobufFormat;
import io.cloudevents.v1.proto.CloudEvent;
import io.cloudevents.v1.proto.CloudEvent.CloudEventAttributeValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Checks an event in the CloudEvents Protobuf format with the rules every other decoder applies ({@link EventRules}),
 * before the SDK turns it into a CloudEvent, so that an event refused over HTTP is refused over gRPC naming the same
 * field ({@code source}, or {@code [3].source} in a batch) for the same reason.
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
final class ProtoEventCheck {
    private ProtoEventCheck() {}

    /**
     * @param names how the client's fields are named in errors: {@code name -> name} for one event, {@code name ->
     *     "[3]." + name} for the fourth of a batch
     * @throws InvalidEventException naming the first field that breaks a rule
     */
    static void check(CloudEvent event, UnaryOperator<String> names) {
        required("specversion", event.getSpecVersion(), names, EventRules::specVersion);
        required("id", event.getId(), names, EventRules::nonBlank);
        required("source", event.getSource(), names, EventRules::source);
        required("type", event.getType(), names, EventRules::nonBlank);
        String dataContentType = null;
        for (Map.Entry<String, CloudEventAttributeValue> entry : event.getAttributesMap().entrySet()) {
            String name = entry.getKey();
            CloudEventAttributeValue value = entry.getValue();
            try {
                switch (name) {
                    case "specversion", "id", "source", "type" -> throw new IllegalArgumentException(
                            "must be set in its own field of the CloudEvent, not in attributes");
                    case "datacontenttype" -> dataContentType = EventRules.mediaType(string(value));
                    case "subject" -> EventRules.nonBlank(string(value));
                    case "dataschema" -> EventRules.dataSchema(uri(value));
                    case "time" -> timestamp(value);
                    default -> extension(name, value);
                }
            } catch (InvalidEventException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException(names.apply(name), e.getMessage());
            }
        }
        if (event.getDataCase() == CloudEvent.DataCase.PROTO_DATA
                && !ProtobufFormat.PROTO_DATA_CONTENT_TYPE.equals(dataContentType)) {
            throw new InvalidEventException(names.apply("proto_data"), "needs datacontenttype "
                    + ProtobufFormat.PROTO_DATA_CONTENT_TYPE + ", so that it reads back as proto_data");
        }
    }

    private static void required(String name, String value, UnaryOperator<String> names,
            Function<String, ?> rule) {
        if (value.isEmpty()) {
            throw new InvalidEventException(names.apply(name), "is required");
        }
        try {
            rule.apply(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(names.apply(name), e.getMessage());
        }
    }

    private static void extension(String name, CloudEventAttributeValue value) {
        EventRules.extensionName(name);
        switch (value.getAttrCase()) {
            case CE_STRING -> EventRules.extensionValue(name, value.getCeString());
            case CE_INTEGER -> EventRules.extensionValue(name, value.getCeInteger());
            case CE_BOOLEAN -> EventRules.extensionValue(name, value.getCeBoolean());
            case CE_BYTES, CE_URI, CE_URI_REF, CE_TIMESTAMP -> {
                if (EventRules.PARTITION_KEY.equals(name)) {
                    throw new IllegalArgumentException("must be a string");
                }
                switch (value.getAttrCase()) {
                    case CE_URI -> absolute(value.getCeUri());
                    case CE_URI_REF -> reference(value.getCeUriRef());
                    case CE_TIMESTAMP -> timestamp(value);
                    default -> {}
                }
            }
            case ATTR_NOT_SET -> throw new IllegalArgumentException("has no value");
        }
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

    private static void timestamp(CloudEventAttributeValue value) {
        if (value.getAttrCase() != CloudEventAttributeValue.AttrCase.CE_TIMESTAMP) {
            throw new IllegalArgumentException("must be a ce_timestamp, was " + kind(value));
        }
        Timestamp t = value.getCeTimestamp();
        if (!Timestamps.isValid(t)) {
            throw new IllegalArgumentException("must be a timestamp within 0001-01-01..9999-12-31 with nanos"
                    + " 0..999999999, was " + t.getSeconds() + "s " + t.getNanos() + "ns");
        }
    }

    private static void absolute(String text) {
        if (!reference(text).isAbsolute()) {
            throw new IllegalArgumentException("must be an absolute URI (a relative one is a ce_uri_ref), was \""
                    + text + "\"");
        }
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
