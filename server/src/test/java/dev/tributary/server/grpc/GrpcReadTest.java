package dev.tributary.server.grpc;

import static dev.tributary.server.grpc.GrpcTestNode.details;
import static dev.tributary.server.grpc.ProtoFixtures.detail;
import static dev.tributary.server.grpc.ProtoFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.tributary.server.grpc.v1.AppendToStreamRequest;
import dev.tributary.server.grpc.v1.CloudEventBatch;
import dev.tributary.server.grpc.v1.Direction;
import dev.tributary.server.grpc.v1.FollowRequest;
import dev.tributary.server.grpc.v1.FollowResponse;
import dev.tributary.server.grpc.v1.PublishBatchRequest;
import dev.tributary.server.grpc.v1.PublishRequest;
import dev.tributary.server.grpc.v1.ReadPartitionRequest;
import dev.tributary.server.grpc.v1.ReadPartitionResponse;
import dev.tributary.server.grpc.v1.ReadStreamRequest;
import dev.tributary.server.grpc.v1.ReadStreamResponse;
import dev.tributary.server.grpc.v1.StoredEvent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and following over gRPC, with the semantics of HTTP's read and follow routes. */
class GrpcReadTest {
    @TempDir
    Path dir;

    GrpcTestNode node;

    @BeforeEach
    void start() {
        node = new GrpcTestNode(dir);
        node.createBus("one", 1);
        node.createBus("three", 3);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void readsAPartitionFromAnOffsetWithALimitAndSaysWhereToGoOn() {
        publish("one", 5);

        ReadPartitionResponse page = node.reader().readPartition(ReadPartitionRequest.newBuilder().setBus("one")
                .setPartition(0).setFromOffset(1).setLimit(2).build());

        assertThat(page.getEventsList()).extracting(e -> e.getEvent().getId()).containsExactly("one-1", "one-2");
        assertThat(page.getNextOffset()).isEqualTo(3);
        assertThat(page.getEvents(0).hasStream()).isFalse();
        StoredEvent first = page.getEvents(0);
        ReadPartitionResponse fromTime = node.reader().readPartition(ReadPartitionRequest.newBuilder().setBus("one")
                .setPartition(0).setFromTime(first.getTime()).setLimit(1).build());
        assertThat(fromTime.getEvents(0).getOffset()).isLessThanOrEqualTo(first.getOffset());
    }

    @Test
    void readsAStreamForwardAndBackwardWithItsCurrentVersion() {
        node.publisher().appendToStream(AppendToStreamRequest.newBuilder().setBus("three").setStream("cart-7")
                .addEvents(event("c0")).addEvents(event("c1")).addEvents(event("c2")).build());

        ReadStreamResponse forward = node.reader().readStream(ReadStreamRequest.newBuilder().setBus("three")
                .setStream("cart-7").setFromVersion(1).build());
        ReadStreamResponse backward = node.reader().readStream(ReadStreamRequest.newBuilder().setBus("three")
                .setStream("cart-7").setDirection(Direction.BACKWARD).setLimit(2).build());

        assertThat(forward.getEventsList()).extracting(e -> e.getEvent().getId()).containsExactly("c1", "c2");
        assertThat(forward.getEvents(0).getStream()).isEqualTo("cart-7");
        assertThat(forward.getEvents(0).getVersion()).isEqualTo(1);
        assertThat(forward.getCurrentVersion()).isEqualTo(2);
        assertThat(backward.getEventsList()).extracting(e -> e.getEvent().getId()).containsExactly("c2", "c1");
        assertThat(backward.getNextVersion()).isZero();
    }

    @Test
    void refusesABadLimitNamingItAndAnUnknownPartitionAsNotFound() {
        StatusRuntimeException limit = catchThrowableOfType(StatusRuntimeException.class, () -> node.reader()
                .readPartition(ReadPartitionRequest.newBuilder().setBus("one").setPartition(0).setLimit(1001).build()));
        StatusRuntimeException partition = catchThrowableOfType(StatusRuntimeException.class, () -> node.reader()
                .readPartition(ReadPartitionRequest.newBuilder().setBus("one").setPartition(1).build()));

        assertThat(limit.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(details(limit), BadRequest.class).getFieldViolations(0).getField()).isEqualTo("limit");
        assertThat(partition.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(detail(details(partition), ErrorInfo.class).getReason()).isEqualTo("partition-not-found");
    }

    @Test
    void followsAPartitionLiveAndResumesRightAfterAGivenEvent() throws Exception {
        publish("one", 1);
        String tokenOfSecond;
        try (TestFollower follower = new TestFollower(node.asyncReader(), FollowRequest.newBuilder().setBus("one")
                .setPartition(0).setPosition(0).build())) {
            assertThat(follower.take(1).get(0).getEvent().getEvent().getId()).isEqualTo("one-0");
            FollowResponse caughtUp = follower.take(1).get(0);
            assertThat(caughtUp.getKind()).isEqualTo(FollowResponse.Kind.CAUGHT_UP);
            assertThat(caughtUp.hasEvent()).isFalse();
            assertThat(caughtUp.getResumeToken()).isEqualTo("1");
            // the follower has caught up and waits: these come live
            publish("one", 1, 4);
            List<FollowResponse> live = follower.take(3);
            assertThat(live).extracting(r -> r.getEvent().getEvent().getId()).containsExactly("one-1", "one-2", "one-3");
            assertThat(live).extracting(FollowResponse::getResumeToken).containsExactly("2", "3", "4");
            assertThat(live).extracting(FollowResponse::getKind).containsOnly(FollowResponse.Kind.EVENT);
            tokenOfSecond = live.get(0).getResumeToken();
        }
        try (TestFollower resumed = new TestFollower(node.asyncReader(), FollowRequest.newBuilder().setBus("one")
                .setPartition(0).setResumeAfter(tokenOfSecond).build())) {
            assertThat(resumed.take(2)).extracting(r -> r.getEvent().getEvent().getId()).containsExactly("one-2", "one-3");
        }
    }

    @Test
    void followsFromLatestOnlyWhatComesAfterTheStart() throws Exception {
        publish("one", 3);
        try (TestFollower follower = new TestFollower(node.asyncReader(), FollowRequest.newBuilder().setBus("one")
                .setPartition(0).setStart(FollowRequest.Start.LATEST).build())) {
            // the follow starts at the end as of its start and says so: what is published after that reaches it
            assertThat(follower.take(1).get(0).getKind()).isEqualTo(FollowResponse.Kind.CAUGHT_UP);
            publish("one", 3, 4, "later-");
            assertThat(follower.take(1).get(0).getEvent().getEvent().getId()).startsWith("later-");
        }
    }

    @Test
    void followsEveryPartitionOfABusAndResumesWithTheTokenOfAnyEvent() throws Exception {
        publish("three", 12);
        List<FollowResponse> all;
        try (TestFollower follower = new TestFollower(node.asyncReader(), FollowRequest.newBuilder().setBus("three")
                .setStart(FollowRequest.Start.EARLIEST).build())) {
            all = follower.take(12);
        }
        assertThat(ids(all)).hasSize(12);
        assertThat(all.get(11).getResumeToken()).matches("\\d+,\\d+,\\d+");
        try (TestFollower resumed = new TestFollower(node.asyncReader(), FollowRequest.newBuilder().setBus("three")
                .setResumeAfter(all.get(4).getResumeToken()).build())) {
            assertThat(ids(resumed.take(7))).isEqualTo(ids(all.subList(5, 12)));
        }
        StatusRuntimeException bad = catchThrowableOfType(StatusRuntimeException.class, () -> node.reader()
                .follow(FollowRequest.newBuilder().setBus("three").setResumeAfter("1,2").build()).hasNext());
        assertThat(detail(details(bad), BadRequest.class).getFieldViolations(0).getField()).isEqualTo("resume_after");
    }

    @Test
    void followsAStreamFromAVersion() throws Exception {
        node.publisher().appendToStream(AppendToStreamRequest.newBuilder().setBus("three").setStream("s")
                .addEvents(event("v0")).addEvents(event("v1")).build());
        try (TestFollower follower = new TestFollower(node.asyncReader(), FollowRequest.newBuilder().setBus("three")
                .setStream("s").setPosition(1).build())) {
            assertThat(follower.take(1).get(0).getEvent().getEvent().getId()).isEqualTo("v1");
            assertThat(follower.take(1).get(0)).extracting(FollowResponse::getKind, FollowResponse::getResumeToken)
                    .containsExactly(FollowResponse.Kind.CAUGHT_UP, "2");
            node.publisher().appendToStream(AppendToStreamRequest.newBuilder().setBus("three").setStream("s")
                    .addEvents(event("v2")).build());
            FollowResponse live = follower.take(1).get(0);
            assertThat(live.getEvent().getVersion()).isEqualTo(2);
            assertThat(live.getResumeToken()).isEqualTo("3");
        }
    }

    @Test
    void aFollowEndsWithUnavailableWhenTheNodeStops() throws Exception {
        publish("one", 1);
        TestFollower follower = new TestFollower(node.asyncReader(), FollowRequest.newBuilder().setBus("one")
                .setPartition(0).setStart(FollowRequest.Start.EARLIEST).build());
        follower.take(1);

        node.node.close();

        Throwable end = catchThrowableOfType(java.util.concurrent.ExecutionException.class,
                () -> follower.ended.get(20, java.util.concurrent.TimeUnit.SECONDS)).getCause();
        assertThat(Status.fromThrowable(end).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    private static Set<String> ids(List<FollowResponse> responses) {
        return responses.stream().map(r -> r.getEvent().getEvent().getId()).collect(Collectors.toSet());
    }

    private void publish(String bus, int count) {
        publish(bus, 0, count);
    }

    private void publish(String bus, int from, int to) {
        publish(bus, from, to, bus + "-");
    }

    private void publish(String bus, int from, int to, String prefix) {
        CloudEventBatch.Builder batch = CloudEventBatch.newBuilder();
        for (int i = from; i < to; i++) {
            batch.addEvents(event(prefix + i + (prefix.startsWith("later") ? "-" + System.nanoTime() : "")));
        }
        if (batch.getEventsCount() == 1) {
            node.publisher().publish(PublishRequest.newBuilder().setBus(bus).setEvent(batch.getEvents(0)).build());
        } else {
            node.publisher().publishBatch(PublishBatchRequest.newBuilder().setBus(bus).setBatch(batch).build());
        }
    }
}
