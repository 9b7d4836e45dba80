package dev.tributary.server.grpc;

import dev.tributary.broker.Bus;
import dev.tributary.broker.Buses;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.log.Position;
import dev.tributary.server.auth.Scope.Kind;
import dev.tributary.server.grpc.v1.AppendToStreamRequest;
import dev.tributary.server.grpc.v1.AppendToStreamResponse;
import dev.tributary.server.grpc.v1.PublishBatchRequest;
import dev.tributary.server.grpc.v1.PublishBatchResponse;
import dev.tributary.server.grpc.v1.PublishRequest;
import dev.tributary.server.grpc.v1.PublishResponse;
import dev.tributary.server.grpc.v1.PublishServiceGrpc;
import dev.tributary.server.grpc.v1.PublishStreamRequest;
import dev.tributary.server.grpc.v1.PublishStreamResponse;
import dev.tributary.server.http.IngestChecks;
import dev.tributary.server.metrics.NodeMetrics;
import io.cloudevents.CloudEvent;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code tributary.v1.PublishService}: each request passes authorize (scope {@code publish:<bus>}) → decode and check
 * → the caller's events per second and the bus's schemas ({@link IngestChecks}) → append once, and is answered after its events are durable, as HTTP's publish routes are. Thread-safe.
 */
final class Publishing extends PublishServiceGrpc.PublishServiceImplBase {
    private final Buses buses;
    private final ProtoEvents events;
    private final IngestChecks ingest;
    private final NodeMetrics metrics;
    private final Executor executor;

    Publishing(Buses buses, ProtoEvents events, IngestChecks ingest, NodeMetrics metrics, Executor executor) {
        this.buses = buses;
        this.events = events;
        this.ingest = ingest;
        this.metrics = metrics;
        this.executor = executor;
    }

    @Override
    public void publish(PublishRequest request, StreamObserver<PublishResponse> out) {
        Replies.later(out, () -> {
            Bus bus = buses.get(CallAccess.bus(Kind.PUBLISH, request.getBus()));
            return append(bus, events.one(request.getEvent(), request.hasEvent()))
                    .thenApply(positions -> PublishResponse.newBuilder().setPosition(Positions.of(positions.get(0))).build());
        }, executor);
    }

    @Override
    public void publishBatch(PublishBatchRequest request, StreamObserver<PublishBatchResponse> out) {
        Replies.later(out, () -> {
            Bus bus = buses.get(CallAccess.bus(Kind.PUBLISH, request.getBus()));
            return append(bus, events.batch(request.getBatch().getEventsList(), "batch"))
                    .thenApply(positions -> PublishBatchResponse.newBuilder().addAllPositions(Positions.of(positions)).build());
        }, executor);
    }

    @Override
    public StreamObserver<PublishStreamRequest> publishStream(StreamObserver<PublishStreamResponse> out) {
        return new PublishStreamCall((ServerCallStreamObserver<PublishStreamResponse>) out, this::publish, executor);
    }

    /** One request of a publish stream: its events, appended. Never throws: a failure fails the future. */
    CompletableFuture<List<Position>> publish(PublishStreamRequest request) {
        try {
            Bus bus = buses.get(CallAccess.bus(Kind.PUBLISH, request.getBus()));
            ProtoEvents.Decoded decoded = switch (request.getEventsCase()) {
                case EVENT -> events.one(request.getEvent(), true);
                case BATCH -> events.batch(request.getBatch().getEventsList(), "batch");
                case EVENTS_NOT_SET -> throw new InvalidFieldException("event", "is required (an event or a batch)");
            };
            return append(bus, decoded);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void appendToStream(AppendToStreamRequest request, StreamObserver<AppendToStreamResponse> out) {
        Replies.later(out, () -> {
            Bus bus = buses.get(CallAccess.bus(Kind.PUBLISH, request.getBus()));
            String stream = Requests.stream(request.getStream());
            ExpectedVersion expected = expected(request);
            ProtoEvents.Decoded decoded = events.batch(request.getEventsList(), "events");
            ingest.check(Optional.ofNullable(CallAccess.PRINCIPAL.get()), bus, decoded.events(), true);
            long started = System.nanoTime();
            return bus.appendToStream(stream, expected, decoded.events()).whenComplete((result, failure) -> {
                if (failure == null) {
                    metrics.appended(bus.name(), decoded.events().size(), decoded.bytes(), System.nanoTime() - started);
                }
            }).thenApply(result -> Positions.of(stream, result));
        }, executor);
    }

    /** HTTP's {@code expectedVersion}: any (also when unset), no_stream, stream exists, or an exact version. */
    private static ExpectedVersion expected(AppendToStreamRequest request) {
        if (!request.hasExpectedVersion()) {
            return ExpectedVersion.any();
        }
        var expected = request.getExpectedVersion();
        return switch (expected.getExpectedCase()) {
            case VERSION -> ExpectedVersion.exactly(Requests.atLeastZero("expected_version.version", expected.getVersion()));
            case CONDITION -> switch (expected.getCondition()) {
                case NO_STREAM -> ExpectedVersion.noStream();
                case STREAM_EXISTS -> ExpectedVersion.exists();
                case ANY, CONDITION_UNSPECIFIED -> ExpectedVersion.any();
                case UNRECOGNIZED -> throw new InvalidFieldException("expected_version.condition",
                        "must be ANY, NO_STREAM or STREAM_EXISTS, was " + expected.getConditionValue());
            };
            case EXPECTED_NOT_SET -> ExpectedVersion.any();
        };
    }

    private CompletableFuture<List<Position>> append(Bus bus, ProtoEvents.Decoded decoded) {
        // the same checks as HTTP's: the caller's events per second, then the bus's schemas
        List<CloudEvent> events = decoded.events();
        ingest.check(Optional.ofNullable(CallAccess.PRINCIPAL.get()), bus, events, events.size() > 1);
        long started = System.nanoTime();
        return bus.publish(events).whenComplete((positions, failure) -> {
            if (failure == null) {
                metrics.appended(bus.name(), events.size(), decoded.bytes(), System.nanoTime() - started);
            }
        });
    }
}
