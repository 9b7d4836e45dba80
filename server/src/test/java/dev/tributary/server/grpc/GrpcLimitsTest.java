package dev.tributary.server.grpc;

import static dev.tributary.server.grpc.GrpcTestNode.details;
import static dev.tributary.server.grpc.ProtoFixtures.detail;
import static dev.tributary.server.grpc.ProtoFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import dev.tributary.log.Durability;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.grpc.v1.CloudEventBatch;
import dev.tributary.server.grpc.v1.PublishBatchRequest;
import dev.tributary.server.grpc.v1.PublishRequest;
import dev.tributary.server.grpc.v1.ReadPartitionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's size and count limits hold over gRPC as over HTTP. */
class GrpcLimitsTest {
    static final int MAX_EVENT = 16 * 1024;
    static final int MAX_BATCH_BYTES = 32 * 1024;

    @TempDir
    Path dir;

    GrpcTestNode node;

    @BeforeEach
    void start() {
        node = new GrpcTestNode(new NodeConfig("127.0.0.1", 0, dir, Durability.NONE, 1024 * 1024,
                Duration.ofMinutes(2), MAX_EVENT, 4, MAX_BATCH_BYTES, false, Duration.ofDays(1)));
        node.createBus("orders", 1);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void aMessageOverMaxBatchBytesIsRefusedAndNothingIsWritten() {
        CloudEventBatch.Builder batch = CloudEventBatch.newBuilder();
        for (int i = 0; i < 3; i++) {
            batch.addEvents(event("big" + i).toBuilder().setTextData("\"" + "x".repeat(MAX_EVENT - 1024) + "\""));
        }
        PublishBatchRequest request = PublishBatchRequest.newBuilder().setBus("orders").setBatch(batch).build();
        assertThat(request.getSerializedSize()).isGreaterThan(MAX_BATCH_BYTES);

        StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class,
                () -> node.publisher().publishBatch(request));

        assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(node.reader().readPartition(ReadPartitionRequest.newBuilder().setBus("orders").build())
                .getEventsCount()).isZero();
    }

    @Test
    void anEventOverMaxEventBytesAndABatchOverMaxBatchEventsAreInvalidNamingWhere() {
        var big = event("big").toBuilder().setTextData("\"" + "x".repeat(MAX_EVENT) + "\"").build();
        StatusRuntimeException tooBig = catchThrowableOfType(StatusRuntimeException.class, () -> node.publisher()
                .publishBatch(PublishBatchRequest.newBuilder().setBus("orders")
                        .setBatch(CloudEventBatch.newBuilder().addEvents(event("small")).addEvents(big)).build()));
        CloudEventBatch.Builder five = CloudEventBatch.newBuilder();
        for (int i = 0; i < 5; i++) {
            five.addEvents(event("e" + i));
        }
        StatusRuntimeException tooMany = catchThrowableOfType(StatusRuntimeException.class, () -> node.publisher()
                .publishBatch(PublishBatchRequest.newBuilder().setBus("orders").setBatch(five).build()));
        StatusRuntimeException none = catchThrowableOfType(StatusRuntimeException.class, () -> node.publisher()
                .publish(PublishRequest.newBuilder().setBus("orders").build()));

        assertThat(field(tooBig)).isEqualTo("[1]");
        assertThat(field(tooMany)).isEqualTo("batch");
        assertThat(tooMany.getStatus().getDescription()).contains("more than the limit of 4");
        assertThat(field(none)).isEqualTo("event");
    }

    private static String field(StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        return detail(details(e), BadRequest.class).getFieldViolations(0).getField();
    }
}
