package dev.tributary.server.grpc;

import static dev.tributary.server.grpc.GrpcTestNode.details;
import static dev.tributary.server.grpc.ProtoFixtures.detail;
import static dev.tributary.server.grpc.ProtoFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import dev.tributary.server.grpc.v1.CloudEventBatch;
import dev.tributary.server.grpc.v1.PublishBatchRequest;
import dev.tributary.server.grpc.v1.PublishRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gRPC publishes pass the same gateway checks as HTTP: the bus's schemas and the caller's rates. */
class GrpcGatewayTest {
    @TempDir
    Path dir;

    GrpcTestNode node;

    @BeforeEach
    void start() {
        node = new GrpcTestNode(dir);
        node.createBus("orders", 1);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void aBusThatEnforcesItsSchemaRefusesAnInvalidEventOverGrpcNamingThePointer() {
        assertThat(node.http("POST", "/v1/schemas/test.created/versions?bus=orders", "application/json",
                "{\"schema\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}}").statusCode())
                .isEqualTo(201);
        assertThat(node.http("PUT", "/v1/buses/orders/validation", "application/json", "{\"mode\":\"enforce\"}")
                .statusCode()).isEqualTo(200);

        StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class, () -> node.publisher()
                .publishBatch(PublishBatchRequest.newBuilder().setBus("orders")
                        .setBatch(CloudEventBatch.newBuilder().addEvents(event("a")).addEvents(event("b"))).build()));

        assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(details(refusal), BadRequest.class).getFieldViolations(0).getField()).isEqualTo("[0].data/n");
        assertThat(GrpcTestNode.json(node.http("GET", "/v1/buses/orders", null, null).body())
                .path("partitionStats").get(0).path("endOffset").asLong()).isZero();
    }

    @Test
    void aKeyOverItsEventRateIsRefusedWithResourceExhausted() {
        String body = "{\"name\":\"slow\",\"scopes\":[\"publish:orders\"],\"limits\":{\"eventsPerSecond\":1}}";
        String token = GrpcTestNode.json(node.http("POST", "/v1/keys", "application/json", body).body())
                .path("token").asText();
        var publisher = node.publisher().withCallCredentials(GrpcTestNode.bearer(token));

        publisher.publish(PublishRequest.newBuilder().setBus("orders").setEvent(event("r1")).build());
        StatusRuntimeException over = catchThrowableOfType(StatusRuntimeException.class, () ->
                publisher.publish(PublishRequest.newBuilder().setBus("orders").setEvent(event("r2")).build()));

        assertThat(over.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }
}
