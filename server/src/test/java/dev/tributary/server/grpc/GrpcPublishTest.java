package dev.tributary.server.grpc;

import static dev.tributary.server.grpc.GrpcTestNode.code;
import static dev.tributary.server.grpc.GrpcTestNode.details;
import static dev.tributary.server.grpc.ProtoFixtures.detail;
import static dev.tributary.server.grpc.ProtoFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.tributary.server.grpc.v1.AppendToStreamRequest;
import dev.tributary.server.grpc.v1.AppendToStreamResponse;
import dev.tributary.server.grpc.v1.CloudEventBatch;
import dev.tributary.server.grpc.v1.ExpectedVersion;
import dev.tributary.server.grpc.v1.PublishBatchRequest;
import dev.tributary.server.grpc.v1.PublishBatchResponse;
import dev.tributary.server.grpc.v1.PublishRequest;
import dev.tributary.server.grpc.v1.PublishResponse;
import dev.tributary.server.grpc.v1.PublishStreamRequest;
import dev.tributary.server.grpc.v1.PublishStreamResponse;
import dev.tributary.server.grpc.v1.ReadPartitionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing over gRPC: one event, batches, streams with acks, stream appends with expected versions. */
class GrpcPublishTest {
    @TempDir
    Path dir;

    GrpcTestNode node;

    @BeforeEach
    void start() {
        node = new GrpcTestNode(dir);
        node.createBus("orders", 3);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void publishesAnEventAndAnswersWhereItWasStored() {
        PublishResponse answer = node.publisher().publish(
                PublishRequest.newBuilder().setBus("orders").setEvent(event("e1")).build());

        var read = node.reader().readPartition(ReadPartitionRequest.newBuilder().setBus("orders")
                .setPartition(answer.getPosition().getPartition()).build());
        assertThat(answer.getPosition().getDuplicate()).isFalse();
        assertThat(read.getEventsList()).singleElement().satisfies(stored -> {
            assertThat(stored.getOffset()).isEqualTo(answer.getPosition().getOffset());
            assertThat(stored.getEvent()).isEqualTo(event("e1"));
        });
    }

    @Test
    void aRepeatedEventIsADuplicateAtTheOriginalPosition() {
        PublishRequest request = PublishRequest.newBuilder().setBus("orders").setEvent(event("same")).build();
        PublishResponse first = node.publisher().publish(request);
        PublishResponse second = node.publisher().publish(request);

        assertThat(second.getPosition().getDuplicate()).isTrue();
        assertThat(second.getPosition().getOffset()).isEqualTo(first.getPosition().getOffset());
    }

    @Test
    void publishesABatchAndAnswersPositionsInRequestOrder() {
        CloudEventBatch.Builder batch = CloudEventBatch.newBuilder();
        for (int i = 0; i < 20; i++) {
            batch.addEvents(event("b" + i));
        }
        PublishBatchResponse answer = node.publisher().publishBatch(
                PublishBatchRequest.newBuilder().setBus("orders").setBatch(batch).build());

        assertThat(answer.getPositionsList()).hasSize(20);
        for (int i = 0; i < 20; i++) {
            var p = answer.getPositions(i);
            var stored = node.reader().readPartition(ReadPartitionRequest.newBuilder().setBus("orders")
                    .setPartition(p.getPartition()).setFromOffset(p.getOffset()).setLimit(1).build());
            assertThat(stored.getEvents(0).getEvent().getId()).isEqualTo("b" + i);
        }
    }

    @Test
    void refusesAnInvalidEventNamingTheFieldAsHttpDoesAndWritesNothing() {
        CloudEventBatch batch = CloudEventBatch.newBuilder()
                .addEvents(event("ok"))
                .addEvents(event("bad").toBuilder().setSource("not a uri"))
                .build();
        StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class, () -> node.publisher()
                .publishBatch(PublishBatchRequest.newBuilder().setBus("orders").setBatch(batch).build()));

        assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        BadRequest bad = detail(details(refusal), BadRequest.class);
        assertThat(bad.getFieldViolations(0).getField()).isEqualTo("[1].source");
        assertThat(bad.getFieldViolations(0).getDescription()).startsWith("must be a URI-reference");
        assertThat(detail(details(refusal), ErrorInfo.class).getReason()).isEqualTo("invalid-event");

        String http = node.http("POST", "/v1/buses/orders/events", "application/cloudevents-batch+json",
                "[{\"specversion\":\"1.0\",\"id\":\"ok\",\"source\":\"/test\",\"type\":\"t\"},"
                        + "{\"specversion\":\"1.0\",\"id\":\"bad\",\"source\":\"not a uri\",\"type\":\"t\"}]").body();
        assertThat(GrpcTestNode.json(http).path("field").asText()).isEqualTo("[1].source");
        for (int p = 0; p < 3; p++) {
            assertThat(node.reader().readPartition(ReadPartitionRequest.newBuilder().setBus("orders").setPartition(p)
                    .build()).getEventsCount()).isZero();
        }
    }

    @Test
    void refusesMissingRequiredAttributesAndWrongAttributeTypes() {
        var noType = event("x").toBuilder().clearType().build();
        var timeAsString = event("x").toBuilder().putAttributes("time", ProtoFixtures.string("2026-01-01T00:00:00Z"))
                .build();
        var badExtension = event("x").toBuilder().putAttributes("Bad-Name", ProtoFixtures.string("v")).build();

        assertThat(violation(noType)).isEqualTo("type: is required");
        assertThat(violation(timeAsString)).isEqualTo("time: must be a ce_timestamp, was a ce_string");
        assertThat(violation(badExtension)).isEqualTo("Bad-Name: attribute names must be one or more of a-z 0-9");
    }

    @Test
    void refusesAnEventOverMaxEventBytesNamingIt() {
        String big = "x".repeat(1024 * 1024 + 1);
        var event = event("big").toBuilder().setTextData("\"" + big + "\"").build();

        assertThat(violation(event)).startsWith("event: is ").contains("more than the limit of 1048576 bytes");
    }

    @Test
    void publishStreamAcksEveryRequestWithItsSequenceOnceStoredAndAFailedOneWithItsStatus() throws Exception {
        List<PublishStreamResponse> acks = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<PublishStreamRequest> requests = node.asyncPublisher().publishStream(new StreamObserver<>() {
            @Override
            public void onNext(PublishStreamResponse ack) {
                acks.add(ack);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        for (int i = 0; i < 50; i++) {
            PublishStreamRequest.Builder request = PublishStreamRequest.newBuilder().setBus("orders").setSequence(i);
            if (i == 7) {
                request.setEvent(event("bad").toBuilder().setSpecVersion("0.3"));
            } else if (i % 2 == 0) {
                request.setEvent(event("s" + i));
            } else {
                request.setBatch(CloudEventBatch.newBuilder().addEvents(event("s" + i + "a")).addEvents(event("s" + i + "b")));
            }
            requests.onNext(request.build());
        }
        requests.onCompleted();
        done.get(30, TimeUnit.SECONDS);

        assertThat(acks).extracting(PublishStreamResponse::getSequence)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 50).boxed().toList());
        for (PublishStreamResponse ack : acks) {
            if (ack.getSequence() == 7) {
                assertThat(ack.getError().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
                assertThat(detail(ack.getError(), BadRequest.class).getFieldViolations(0).getField())
                        .isEqualTo("specversion");
                assertThat(ack.getPositionsList()).isEmpty();
            } else {
                assertThat(ack.hasError()).isFalse();
                assertThat(ack.getPositionsList()).hasSize(ack.getSequence() % 2 == 0 ? 1 : 2);
            }
        }
        long stored = 0;
        for (int p = 0; p < 3; p++) {
            stored += node.reader().readPartition(ReadPartitionRequest.newBuilder().setBus("orders").setPartition(p)
                    .setLimit(1000).build()).getEventsCount();
        }
        assertThat(stored).isEqualTo(25 + 24 * 2);
    }

    @Test
    void appendsToAStreamAndRefusesAWrongExpectedVersionWithTheCurrentVersion() {
        AppendToStreamResponse first = node.publisher().appendToStream(AppendToStreamRequest.newBuilder()
                .setBus("orders").setStream("order-1")
                .setExpectedVersion(ExpectedVersion.newBuilder().setCondition(ExpectedVersion.Condition.NO_STREAM))
                .addEvents(event("v0")).addEvents(event("v1"))
                .build());
        assertThat(first.getFirstVersion()).isZero();
        assertThat(first.getCurrentVersion()).isEqualTo(1);
        assertThat(first.getPositionsList()).extracting(p -> p.getVersion()).containsExactly(0L, 1L);

        AppendToStreamResponse second = node.publisher().appendToStream(AppendToStreamRequest.newBuilder()
                .setBus("orders").setStream("order-1")
                .setExpectedVersion(ExpectedVersion.newBuilder().setVersion(1))
                .addEvents(event("v2"))
                .build());
        assertThat(second.getCurrentVersion()).isEqualTo(2);

        StatusRuntimeException conflict = catchThrowableOfType(StatusRuntimeException.class, () -> node.publisher()
                .appendToStream(AppendToStreamRequest.newBuilder().setBus("orders").setStream("order-1")
                        .setExpectedVersion(ExpectedVersion.newBuilder().setVersion(1))
                        .addEvents(event("late"))
                        .build()));
        assertThat(conflict.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(conflict.getStatus().getDescription()).contains("current version is 2");
        ErrorInfo info = detail(details(conflict), ErrorInfo.class);
        assertThat(info.getReason()).isEqualTo("wrong-expected-version");
        assertThat(info.getMetadataMap()).containsEntry("currentVersion", "2").containsEntry("expectedVersion", "1")
                .containsEntry("stream", "order-1");

        StatusRuntimeException exists = catchThrowableOfType(StatusRuntimeException.class, () -> node.publisher()
                .appendToStream(AppendToStreamRequest.newBuilder().setBus("orders").setStream("order-2")
                        .setExpectedVersion(ExpectedVersion.newBuilder()
                                .setCondition(ExpectedVersion.Condition.STREAM_EXISTS))
                        .addEvents(event("o2"))
                        .build()));
        assertThat(exists.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void aMissingBusIsNotFoundAndABadStreamIdNamesTheField() {
        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class, () -> node.publisher()
                .publish(PublishRequest.newBuilder().setBus("nowhere").setEvent(event("e")).build()));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(detail(details(missing), ErrorInfo.class).getReason()).isEqualTo("bus-not-found");

        StatusRuntimeException badStream = catchThrowableOfType(StatusRuntimeException.class, () -> node.publisher()
                .appendToStream(AppendToStreamRequest.newBuilder().setBus("orders").setStream("")
                        .addEvents(event("e")).build()));
        assertThat(code(badStream)).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(details(badStream), BadRequest.class).getFieldViolations(0).getField()).isEqualTo("stream");
    }

    private String violation(io.cloudevents.v1.proto.CloudEvent event) {
        StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class, () -> node.publisher()
                .publish(PublishRequest.newBuilder().setBus("orders").setEvent(event).build()));
        assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        var violation = detail(details(refusal), BadRequest.class).getFieldViolations(0);
        return violation.getField() + ": " + violation.getDescription();
    }
}
