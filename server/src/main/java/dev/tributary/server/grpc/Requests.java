package dev.tributary.server.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import dev.tributary.broker.Bus;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.Names;
import dev.tributary.log.BusLog;
import dev.tributary.log.IndexKey;
import io.grpc.protobuf.StatusProto;

/**
 * Checks the fields of requests, each failure naming the field as the {@code .proto} spells it ({@code limit},
 * {@code expected_version.version}); the ranges are HTTP's. Stateless.
 */
final class Requests {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private Requests() {}

    /** {@code limit}: 0 is the default, else 1..1000. */
    static int limit(int limit) {
        if (limit == 0) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidFieldException("limit", "must be within 1.." + MAX_LIMIT + " (0: " + DEFAULT_LIMIT
                    + "), was " + limit);
        }
        return limit;
    }

    static long atLeastZero(String field, long value) {
        if (value < 0) {
            throw new InvalidFieldException(field, "must be within 0.." + Long.MAX_VALUE + ", was " + value);
        }
        return value;
    }

    static long parse(String field, String text) {
        try {
            return atLeastZero(field, Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(field, "must be an integer within 0.." + Long.MAX_VALUE + ", was '" + text
                    + "'");
        }
    }

    static String stream(String stream) {
        try {
            return Names.requireStreamId(stream);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("stream", e.getMessage());
        }
    }

    /** {@code category}: a possible stream-id prefix, as HTTP's category routes take it. */
    static IndexKey category(String category) {
        try {
            return IndexKey.category(Names.requireCategory(category));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("category", e.getMessage());
        }
    }

    /** {@code type}: a possible CloudEvents type, as HTTP's type routes take it. */
    static IndexKey type(String type) {
        try {
            return IndexKey.eventType(Names.requireEventType(type));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("type", e.getMessage());
        }
    }

    /**
     * The log of {@code bus}, which must keep a global order; FAILED_PRECONDITION, as HTTP's 409 no-global-order, for
     * one created without it (a gRPC client can do nothing about it but read the partitions instead).
     */
    static BusLog globalOrder(Bus bus) {
        if (!bus.spec().globalOrder()) {
            throw StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.FAILED_PRECONDITION.getNumber())
                    .setMessage("bus '" + bus.name() + "' was created with globalOrder false: read its partitions"
                            + " instead")
                    .addDetails(Any.pack(ErrorInfo.newBuilder()
                            .setReason("no-global-order")
                            .setDomain(Statuses.DOMAIN)
                            .build()))
                    .build());
        }
        return bus.log();
    }

    /** A partition of {@code bus}; NOT_FOUND, as HTTP's 404 partition-not-found, for one it does not have. */
    static int partition(Bus bus, int partition) {
        int partitions = bus.spec().partitions();
        if (partition < 0 || partition >= partitions) {
            throw StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.NOT_FOUND.getNumber())
                    .setMessage("partition: must be within 0.." + (partitions - 1) + ", was '" + partition + "'")
                    .addDetails(Any.pack(ErrorInfo.newBuilder()
                            .setReason("partition-not-found")
                            .setDomain(Statuses.DOMAIN)
                            .putMetadata("partitions", Integer.toString(partitions))
                            .build()))
                    .build());
        }
        return partition;
    }
}
