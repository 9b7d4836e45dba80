package dev.tributary.server.grpc;

import dev.tributary.broker.Bus;
import dev.tributary.broker.Buses;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.eventstore.PositionOutOfRangeException;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.BusLog;
import dev.tributary.log.IndexKey;
import dev.tributary.log.PartitionState;
import dev.tributary.log.ReadBatch;
import dev.tributary.log.StreamReadBatch;
import dev.tributary.server.auth.Scope.Kind;
import dev.tributary.server.grpc.v1.Direction;
import dev.tributary.server.grpc.v1.FollowRequest;
import dev.tributary.server.grpc.v1.FollowResponse;
import dev.tributary.server.grpc.v1.ReadAllRequest;
import dev.tributary.server.grpc.v1.ReadAllResponse;
import dev.tributary.server.grpc.v1.ReadPartitionRequest;
import dev.tributary.server.grpc.v1.ReadPartitionResponse;
import dev.tributary.server.grpc.v1.ReadServiceGrpc;
import dev.tributary.server.grpc.v1.ReadStreamRequest;
import dev.tributary.server.grpc.v1.ReadStreamResponse;
import dev.tributary.server.http.FollowCursor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * {@code tributary.v1.ReadService}: reads and live tails of partitions, streams and the global order with scope
 * {@code read:<bus>}, with the parameters, defaults and ranges of HTTP's read and follow routes. Reads touch files:
 * they run on the call's executor thread. Thread-safe.
 */
final class Reading extends ReadServiceGrpc.ReadServiceImplBase {
    /**
     * Bytes of events in one read answer: below gRPC's default 4 MiB limit on inbound messages, so that a client with
     * default settings can take any page (an event larger than this still comes, alone).
     */
    static final long MAX_READ_BYTES = 3L * 1024 * 1024;

    private final Buses buses;
    private final Executor executor;
    /** The follows under way, to end at close. */
    private final Set<FollowCall> follows = ConcurrentHashMap.newKeySet();

    Reading(Buses buses, Executor executor) {
        this.buses = buses;
        this.executor = executor;
    }

    @Override
    public void readPartition(ReadPartitionRequest request, StreamObserver<ReadPartitionResponse> out) {
        Replies.now(out, () -> {
            Bus bus = buses.get(CallAccess.bus(Kind.READ, request.getBus()));
            int partition = Requests.partition(bus, request.getPartition());
            int limit = Requests.limit(request.getLimit());
            long from = switch (request.getFromCase()) {
                case FROM_OFFSET -> Requests.atLeastZero("from_offset", request.getFromOffset());
                case FROM_TIME -> bus.log().offsetAt(partition, Instant.ofEpochSecond(
                        request.getFromTime().getSeconds(), request.getFromTime().getNanos()));
                case FROM_NOT_SET -> 0;
            };
            ReadBatch batch = bus.log().read(partition, from, limit, MAX_READ_BYTES);
            ReadPartitionResponse.Builder response = ReadPartitionResponse.newBuilder().setNextOffset(batch.nextOffset());
            batch.events().forEach(e -> response.addEvents(ProtoEvents.stored(e)));
            return response.build();
        });
    }

    @Override
    public void readStream(ReadStreamRequest request, StreamObserver<ReadStreamResponse> out) {
        Replies.now(out, () -> {
            Bus bus = buses.get(CallAccess.bus(Kind.READ, request.getBus()));
            String stream = Requests.stream(request.getStream());
            int limit = Requests.limit(request.getLimit());
            boolean forward = forward(request.getDirection(), request.getDirectionValue());
            long from = request.hasFromVersion()
                    ? Requests.atLeastZero("from_version", request.getFromVersion())
                    : forward ? 0 : Long.MAX_VALUE;
            StreamReadBatch batch = bus.log().readStream(stream, from, forward, limit);
            ReadStreamResponse.Builder response = ReadStreamResponse.newBuilder()
                    .setNextVersion(batch.nextVersion())
                    .setCurrentVersion(batch.currentVersion());
            batch.events().forEach(e -> response.addEvents(ProtoEvents.stored(e)));
            return response.build();
        });
    }

    /**
     * A page of the global order, all of it or one category or type, as HTTP's {@code /all}, {@code /categories} and
     * {@code /types} reads answer it (without their long poll: {@code Follow} tails).
     */
    @Override
    public void readAll(ReadAllRequest request, StreamObserver<ReadAllResponse> out) {
        Replies.now(out, () -> {
            BusLog log = Requests.globalOrder(buses.get(CallAccess.bus(Kind.READ, request.getBus())));
            IndexKey key = switch (request.getSelectionCase()) {
                case CATEGORY -> Requests.category(request.getCategory());
                case TYPE -> Requests.type(request.getType());
                case SELECTION_NOT_SET -> null;
            };
            int limit = Requests.limit(request.getLimit());
            boolean forward = forward(request.getDirection(), request.getDirectionValue());
            long from = request.hasFromPosition()
                    ? Requests.atLeastZero("from_position", request.getFromPosition())
                    : forward ? log.firstPosition() : Long.MAX_VALUE;
            AllReadBatch batch;
            try {
                batch = key != null ? log.readIndex(key, from, forward, limit, MAX_READ_BYTES)
                        : forward ? log.readAll(from, limit, MAX_READ_BYTES)
                        : log.readAllBackward(from, limit, MAX_READ_BYTES);
            } catch (PositionOutOfRangeException e) {
                throw Statuses.of(e, "from_position");
            }
            ReadAllResponse.Builder response = ReadAllResponse.newBuilder()
                    .setNextPosition(batch.nextPosition())
                    .setFirstPosition(batch.firstPosition())
                    .setEndPosition(batch.endPosition());
            batch.events().forEach(e -> response.addEvents(ProtoEvents.stored(e)));
            return response.build();
        });
    }

    @Override
    public void follow(FollowRequest request, StreamObserver<FollowResponse> out) {
        FollowCursor cursor;
        try {
            cursor = cursor(request);
        } catch (RuntimeException e) {
            out.onError(Statuses.of(e));
            return;
        }
        FollowCall call = new FollowCall((ServerCallStreamObserver<FollowResponse>) out, cursor, executor);
        follows.add(call);
        call.start(() -> follows.remove(call));
    }

    /** Ends every follow: the node is stopping (a follow never ends by itself). */
    void stopFollows() {
        follows.forEach(FollowCall::stop);
    }

    /** Where the follow starts, as HTTP's follow routes decide it; {@code resume_after} is their Last-Event-ID. */
    private FollowCursor cursor(FollowRequest request) {
        Bus bus = buses.get(CallAccess.bus(Kind.READ, request.getBus()));
        BusLog log = bus.log();
        return switch (request.getTargetCase()) {
            case PARTITION -> {
                int partition = Requests.partition(bus, request.getPartition());
                yield FollowCursor.partition(log, partition, offset(request, log.state(partition)));
            }
            case STREAM -> {
                String stream = Requests.stream(request.getStream());
                long version = switch (request.getFromCase()) {
                    case RESUME_AFTER -> Requests.parse("resume_after", request.getResumeAfter());
                    case POSITION -> Requests.atLeastZero("position", request.getPosition());
                    case START -> request.getStart() == FollowRequest.Start.LATEST ? log.streamVersion(stream) + 1 : 0;
                    case FROM_NOT_SET -> 0;
                };
                yield FollowCursor.stream(log, stream, version);
            }
            case ALL -> {
                if (!request.getAll()) {
                    throw new InvalidFieldException("all",
                            "must be true to follow the global order (leave target unset for every partition)");
                }
                yield order(request, Requests.globalOrder(bus), null);
            }
            case CATEGORY -> order(request, Requests.globalOrder(bus), Requests.category(request.getCategory()));
            case TYPE -> order(request, Requests.globalOrder(bus), Requests.type(request.getType()));
            case TARGET_NOT_SET -> FollowCursor.bus(log, offsets(request, log, bus.spec().partitions()));
        };
    }

    /**
     * The global order, all of it ({@code key} null) or one category or type, from a global position: {@code LATEST}
     * (the end) unless told otherwise, as HTTP's follow of the order. A position out of range is refused before the
     * first response, as a read refuses it.
     */
    private static FollowCursor order(FollowRequest request, BusLog log, IndexKey key) {
        long start = switch (request.getFromCase()) {
            case RESUME_AFTER -> Requests.parse("resume_after", request.getResumeAfter());
            case POSITION -> Requests.atLeastZero("position", request.getPosition());
            case START -> request.getStart() == FollowRequest.Start.EARLIEST ? log.firstPosition() : log.endPosition();
            case FROM_NOT_SET -> log.endPosition();
        };
        try {
            log.readAll(start, 0, 0);
        } catch (PositionOutOfRangeException e) {
            throw Statuses.of(e, request.getFromCase() == FollowRequest.FromCase.RESUME_AFTER ? "resume_after"
                    : "position");
        }
        return FollowCursor.all(log, key, null, start);
    }

    private static boolean forward(Direction direction, int number) {
        return switch (direction) {
            case FORWARD, DIRECTION_UNSPECIFIED -> true;
            case BACKWARD -> false;
            case UNRECOGNIZED -> throw new InvalidFieldException("direction",
                    "must be FORWARD or BACKWARD, was " + number);
        };
    }

    private static long offset(FollowRequest request, PartitionState state) {
        return switch (request.getFromCase()) {
            case RESUME_AFTER -> Requests.parse("resume_after", request.getResumeAfter());
            case POSITION -> Requests.atLeastZero("position", request.getPosition());
            case START -> request.getStart() == FollowRequest.Start.EARLIEST ? state.startOffset() : state.endOffset();
            case FROM_NOT_SET -> state.endOffset();
        };
    }

    private static long[] offsets(FollowRequest request, BusLog log, int partitions) {
        long[] next = new long[partitions];
        if (request.getFromCase() == FollowRequest.FromCase.RESUME_AFTER) {
            String[] parts = request.getResumeAfter().split(",", -1);
            if (parts.length != partitions) {
                throw new InvalidFieldException("resume_after",
                        "must hold " + partitions + " offsets joined by ',', was '" + request.getResumeAfter() + "'");
            }
            for (int p = 0; p < partitions; p++) {
                next[p] = Requests.parse("resume_after", parts[p]);
            }
            return next;
        }
        for (int p = 0; p < partitions; p++) {
            next[p] = offset(request, log.state(p));
        }
        return next;
    }
}
