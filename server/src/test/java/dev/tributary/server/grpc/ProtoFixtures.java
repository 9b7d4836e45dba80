package dev.tributary.server.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.cloudevents.v1.proto.CloudEvent;
import io.cloudevents.v1.proto.CloudEvent.CloudEventAttributeValue;

/** Events in the CloudEvents Protobuf format, and the details of rich statuses, for the gRPC tests. */
final class ProtoFixtures {
    private ProtoFixtures() {}

    /** A JSON event, as HTTP tests publish them. */
    static CloudEvent event(String id) {
        return CloudEvent.newBuilder()
                .setSpecVersion("1.0")
                .setId(id)
                .setSource("/test")
                .setType("test.created")
                .putAttributes("datacontenttype", string("application/json"))
                .setTextData("{\"n\":\"" + id + "\"}")
                .build();
    }

    static CloudEventAttributeValue string(String value) {
        return CloudEventAttributeValue.newBuilder().setCeString(value).build();
    }

    /** The first detail of this type in a status, or null. */
    static <T extends Message> T detail(com.google.rpc.Status status, Class<T> type) {
        for (Any any : status.getDetailsList()) {
            if (any.is(type)) {
                try {
                    return any.unpack(type);
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return null;
    }
}
