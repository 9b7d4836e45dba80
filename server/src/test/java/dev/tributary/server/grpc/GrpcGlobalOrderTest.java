package dev.tributary.server.grpc;

import static dev.tributary.server.grpc.GrpcTestNode.details;
import static dev.tributary.server.grpc.ProtoFixtures.detail;
import static dev.tributary.server.grpc.ProtoFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.tributary.log.Durability;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.grpc.v1.AppendToStreamRequest;
import dev.tributary.server.grpc.v1.CloudEventBatch;
import dev.tributary.server.grpc.v1.Direction;
import dev.tributary.server.grpc.v1.FollowRequest;
import dev.tributary.server.grpc.v1.FollowResponse;
import dev.tributary.server.grpc.v1.PublishBatchRequest;
import dev.tributary.server.grpc.v1.ReadAllRequest;
import dev.tributary.server.grpc.v1.ReadAllResponse;
import dev.tributary.server.grpc.v1.ReadPartitionRequest;
import dev.tributary.server.grpc.v1.StoredEvent;
import dev.tributary.server.http.FollowCursor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ReadAll} and {@code Follow} of the global order, a category or a type, as HTTP's routes of the order. */
class GrpcGlobalOrderTest {
    @TempDir
    Path dir;

    GrpcTestNode node;

    @BeforeEach
    void start() {
        node = new GrpcTestNode(dir);
        node.createBus("shop", 3);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void readsTheOrderForwardAndBackwardInPagesWithEachEventsPosition() {
        publish("shop", "e-", 7);

        List<StoredEvent> forward = new ArrayList<>();
        ReadAllResponse page = readAll(ReadAllRequest.newBuilder().setBus("shop").setLimit(3));
        assertThat(page.getFirstPosition()).isZero();
        assertThat(page.getEndPosition()).isEqualTo(7);
        while (page.getEventsCount() > 0) {
            forward.addAll(page.getEventsList());
            page = readAll(ReadAllRequest.newBuilder().setBus("shop").setLimit(3)
                    .setFromPosition(page.getNextPosition()));
        }
        assertThat(page.getNextPosition()).isEqualTo(7);
        assertThat(forward).extracting(StoredEvent::getPosition).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(forward).extracting(e -> e.getEvent().getId()).doesNotHaveDuplicates().hasSize(7);

        ReadAllResponse last = readAll(ReadAllRequest.newBuilder().setBus("shop").setDirection(Direction.BACKWARD)
                .setLimit(4));
        ReadAllResponse rest = readAll(ReadAllRequest.newBuilder().setBus("shop").setDirection(Direction.BACKWARD)
                .setFromPosition(last.getNextPosition()).setLimit(4));
        assertThat(last.getEventsList()).extracting(StoredEvent::getPosition).containsExactly(6L, 5L, 4L, 3L);
        assertThat(last.getNextPosition()).isEqualTo(2);
        assertThat(rest.getEventsList()).extracting(StoredEvent::getPosition).containsExactly(2L, 1L, 0L);
        assertThat(rest.getNextPosition()).as("a backward read that reached the start").isEqualTo(-1);
        assertThat(rest.getEvents(0).getEvent()).isEqualTo(forward.get(2).getEvent());
        assertThat(node.reader().readPartition(ReadPartitionRequest.newBuilder().setBus("shop").build())
                .getEventsList()).noneMatch(StoredEvent::hasPosition);
    }

    @Test
    void readsACategoryAndATypeInTheOrderAndANoMatchMovesToTheEnd() {
        append("order-1", typed("a", "order.placed"));
        append("cart-1", typed("b", "cart.filled"));
        append("order-2", typed("c", "order.paid"));
        append("order-1", typed("d", "order.paid"));

        ReadAllResponse orders = readAll(ReadAllRequest.newBuilder().setBus("shop").setCategory("order"));
        ReadAllResponse paid = readAll(ReadAllRequest.newBuilder().setBus("shop").setType("order.paid")
                .setDirection(Direction.BACKWARD).setLimit(2));
        ReadAllResponse refunds = readAll(ReadAllRequest.newBuilder().setBus("shop").setCategory("refund")
                .setFromPosition(0));

        assertThat(ids(orders)).containsExactly("a", "c", "d");
        assertThat(orders.getEventsList()).extracting(StoredEvent::getPosition).containsExactly(0L, 2L, 3L);
        assertThat(orders.getNextPosition()).isEqualTo(4);
        assertThat(ids(paid)).containsExactly("d", "c");
        assertThat(refunds.getEventsList()).isEmpty();
        assertThat(refunds.getNextPosition()).as("past what did not match: the end").isEqualTo(4);
        assertThat(refunds.getEndPosition()).isEqualTo(4);
    }

    @Test
    void refusesABadCategoryTypeLimitOrPositionNamingTheField() {
        publish("shop", "e-", 2);

        assertInvalid(() -> readAll(ReadAllRequest.newBuilder().setBus("shop").setCategory("no/such")), "category");
        assertInvalid(() -> readAll(ReadAllRequest.newBuilder().setBus("shop").setType("bad\ntype")), "type");
        assertInvalid(() -> readAll(ReadAllRequest.newBuilder().setBus("shop").setLimit(1001)), "limit");
        StatusRuntimeException beyond = assertInvalid(() -> readAll(ReadAllRequest.newBuilder().setBus("shop")
                .setFromPosition(3)), "from_position");
        assertThat(detail(details(beyond), ErrorInfo.class).getReason()).isEqualTo("position-out-of-range");
        assertThat(detail(details(beyond), ErrorInfo.class).getMetadataMap())
                .containsEntry("firstPosition", "0").containsEntry("endPosition", "2");
        assertThat(beyond.getStatus().getDescription()).contains("next position to be written is 2");
        assertInvalid(() -> follow(FollowRequest.newBuilder().setBus("shop").setAll(true).setPosition(3)),
                "position");
        assertInvalid(() -> follow(FollowRequest.newBuilder().setBus("shop").setCategory("order")
                .setResumeAfter("x")), "resume_after");
        assertInvalid(() -> follow(FollowRequest.newBuilder().setBus("shop").setAll(false)), "all");
    }

    @Test
    void anUnknownBusIsNotFoundAndOneWithoutAGlobalOrderAFailedPrecondition() {
        node.http("POST", "/v1/buses", "application/json",
                "{\"name\":\"firehose\",\"partitions\":2,\"globalOrder\":false}");

        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
                () -> readAll(ReadAllRequest.newBuilder().setBus("no-such-bus")));
        StatusRuntimeException unordered = catchThrowableOfType(StatusRuntimeException.class,
                () -> readAll(ReadAllRequest.newBuilder().setBus("firehose")));
        StatusRuntimeException followed = catchThrowableOfType(StatusRuntimeException.class,
                () -> follow(FollowRequest.newBuilder().setBus("firehose").setType("order.paid")));

        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(unordered.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(detail(details(unordered), ErrorInfo.class).getReason()).isEqualTo("no-global-order");
        assertThat(unordered.getStatus().getDescription()).contains("globalOrder false");
        assertThat(followed.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void aPositionThatRetentionDroppedIsOutOfRangeNamingTheBounds(@TempDir Path other) {
        try (GrpcTestNode small = new GrpcTestNode(new NodeConfig("127.0.0.1", 0, other, Durability.FSYNC,
                1024 * 1024, Duration.ofMinutes(2), 1024 * 1024, 1000, 4 * 1024 * 1024, false, Duration.ofDays(7)))) {
            small.http("POST", "/v1/buses", "application/json",
                    "{\"name\":\"short\",\"partitions\":1,\"retention\":{\"maxBytes\":1048576}}");
            String data = "x".repeat(2000);
            for (int b = 0; b < 3; b++) {
                CloudEventBatch.Builder batch = CloudEventBatch.newBuilder();
                for (int i = 0; i < 500; i++) {
                    batch.addEvents(event("big-" + b + "-" + i).toBuilder().setTextData("\"" + data + "\""));
                }
                small.publisher().publishBatch(PublishBatchRequest.newBuilder().setBus("short").setBatch(batch)
                        .build());
            }
            assertThat(small.node.buses().enforceRetention()).isPositive();
            long first = small.reader().readAll(ReadAllRequest.newBuilder().setBus("short").setLimit(1).build())
                    .getFirstPosition();
            assertThat(first).isPositive();

            StatusRuntimeException gone = catchThrowableOfType(StatusRuntimeException.class, () -> small.reader()
                    .readAll(ReadAllRequest.newBuilder().setBus("short").setFromPosition(0).build()));
            StatusRuntimeException followed = catchThrowableOfType(StatusRuntimeException.class, () -> small.reader()
                    .follow(FollowRequest.newBuilder().setBus("short").setAll(true).setPosition(0).build()).hasNext());

            assertThat(gone.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
            assertThat(gone.getStatus().getDescription()).contains("first readable position is " + first);
            assertThat(detail(details(gone), BadRequest.class).getFieldViolations(0).getField())
                    .isEqualTo("from_position");
            assertThat(detail(details(gone), ErrorInfo.class).getMetadataMap())
                    .containsEntry("firstPosition", Long.toString(first)).containsEntry("endPosition", "1500");
            assertThat(followed.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
            assertThat(detail(details(followed), BadRequest.class).getFieldViolations(0).getField())
                    .isEqualTo("position");
        }
    }

    @Test
    void followsTheWholeOrderFromEarliestThenLiveSaysWhenItCaughtUpAndResumesWithoutGapOrDuplicate()
            throws Exception {
        publish("shop", "old-", 5);
        List<FollowResponse> received;
        try (TestFollower follower = new TestFollower(node.asyncReader(), FollowRequest.newBuilder().setBus("shop")
                .setAll(true).setStart(FollowRequest.Start.EARLIEST).build())) {
            received = new ArrayList<>(follower.take(6));
            assertThat(received.subList(0, 5)).extracting(r -> r.getEvent().getPosition())
                    .containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(received.subList(0, 5)).extracting(FollowResponse::getResumeToken)
                    .containsExactly("1", "2", "3", "4", "5");
            assertThat(received.get(5).getKind()).isEqualTo(FollowResponse.Kind.CAUGHT_UP);
            assertThat(received.get(5).hasEvent()).isFalse();
            assertThat(received.get(5).getResumeToken()).isEqualTo("5");

            publish("shop", "new-", 3);
            List<FollowResponse> live = follower.take(3);
            assertThat(live).extracting(FollowResponse::getKind).containsOnly(FollowResponse.Kind.EVENT);
            assertThat(live).extracting(r -> r.getEvent().getPosition()).containsExactly(5L, 6L, 7L);
            received.addAll(live);
        }
        try (TestFollower resumed = new TestFollower(node.asyncReader(), FollowRequest.newBuilder().setBus("shop")
                .setAll(true).setResumeAfter(received.get(6).getResumeToken()).build())) {
            List<FollowResponse> rest = resumed.take(3);
            assertThat(rest.subList(0, 2)).extracting(r -> r.getEvent().getEvent().getId())
                    .containsExactly(received.get(7).getEvent().getEvent().getId(),
                            received.get(8).getEvent().getEvent().getId());
            assertThat(rest.get(2).getKind()).isEqualTo(FollowResponse.Kind.CAUGHT_UP);
            assertThat(rest.get(2).getResumeToken()).isEqualTo("8");
        }
        List<StoredEvent> order = node.reader().readAll(ReadAllRequest.newBuilder().setBus("shop").build())
                .getEventsList();
        assertThat(received).filteredOn(FollowResponse::hasEvent).extracting(FollowResponse::getEvent)
                .containsExactlyElementsOf(order);
    }

    @Test
    void followsACategoryWithOnlyItsEventsAndACheckpointPastAThousandOthers() throws Exception {
        append("order-1", typed("o-0", "order.placed"));
        publish("shop", "other-", 2 * 600);
        try (TestFollower follower = new TestFollower(node.asyncReader(), FollowRequest.newBuilder().setBus("shop")
                .setCategory("order").setStart(FollowRequest.Start.EARLIEST).build())) {
            List<FollowResponse> history = follower.take(3);
            assertThat(history.get(0).getEvent().getEvent().getId()).isEqualTo("o-0");
            assertThat(history.get(0).getResumeToken()).isEqualTo("1");
            assertThat(history.subList(1, 3)).extracting(FollowResponse::getKind, FollowResponse::getResumeToken)
                    .containsExactly(Tuple.tuple(FollowResponse.Kind.CHECKPOINT, "1201"),
                            Tuple.tuple(FollowResponse.Kind.CAUGHT_UP, "1201"));

            append("order-2", typed("o-1", "order.paid"));
            FollowResponse live = follower.take(1).get(0);
            assertThat(live.getEvent().getEvent().getId()).isEqualTo("o-1");
            assertThat(live.getEvent().getPosition()).isEqualTo(1201);
            publish("shop", "more-", FollowCursor.CHECKPOINT_INTERVAL);
            FollowResponse checkpoint = follower.take(1).get(0);
            assertThat(checkpoint.getKind()).isEqualTo(FollowResponse.Kind.CHECKPOINT);
            assertThat(checkpoint.getResumeToken()).isEqualTo(Long.toString(1202 + FollowCursor.CHECKPOINT_INTERVAL));
            assertThat(follower.drained()).isEmpty();
        }
    }

    private ReadAllResponse readAll(ReadAllRequest.Builder request) {
        return node.reader().readAll(request.build());
    }

    private boolean follow(FollowRequest.Builder request) {
        return node.reader().follow(request.build()).hasNext();
    }

    private static StatusRuntimeException assertInvalid(ThrowingCallable call, String field) {
        StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(refusal.getStatus().getCode()).as(field).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(details(refusal), BadRequest.class).getFieldViolations(0).getField()).isEqualTo(field);
        return refusal;
    }

    private static List<String> ids(ReadAllResponse page) {
        return page.getEventsList().stream().map(e -> e.getEvent().getId()).toList();
    }

    private static io.cloudevents.v1.proto.CloudEvent typed(String id, String type) {
        return event(id).toBuilder().setType(type).build();
    }

    private void append(String stream, io.cloudevents.v1.proto.CloudEvent event) {
        node.publisher().appendToStream(AppendToStreamRequest.newBuilder().setBus("shop").setStream(stream)
                .addEvents(event).build());
    }

    /** Publishes {@code count} events in batches of at most 600. */
    private void publish(String bus, String prefix, int count) {
        for (int from = 0; from < count; from += 600) {
            CloudEventBatch.Builder batch = CloudEventBatch.newBuilder();
            for (int i = from; i < Math.min(count, from + 600); i++) {
                batch.addEvents(event(prefix + i));
            }
            node.publisher().publishBatch(PublishBatchRequest.newBuilder().setBus(bus).setBatch(batch).build());
        }
    }
}
