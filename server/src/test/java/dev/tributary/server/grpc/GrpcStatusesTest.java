package dev.tributary.server.grpc;

import static dev.tributary.server.grpc.ProtoFixtures.detail;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.tributary.broker.BusExistsException;
import dev.tributary.broker.BusNotFoundException;
import dev.tributary.broker.PartiallyPublishedException;
import dev.tributary.core.InvalidEventException;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.PositionOutOfRangeException;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import dev.tributary.log.OffsetOutOfRangeException;
import dev.tributary.log.OverloadedException;
import dev.tributary.log.Position;
import dev.tributary.log.StorageUnavailableException;
import dev.tributary.server.auth.ForbiddenException;
import dev.tributary.server.grpc.v1.PartiallyStored;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Each failure the HTTP API knows is answered over gRPC with the code and details that say the same. */
class GrpcStatusesTest {
    @Test
    void anInvalidEventIsInvalidArgumentWithTheFieldViolation() {
        var status = Statuses.proto(new CompletionException(new InvalidEventException("[3].source", "is required")));

        assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(status.getMessage()).isEqualTo("[3].source: is required");
        var violation = detail(status, BadRequest.class).getFieldViolations(0);
        assertThat(violation.getField()).isEqualTo("[3].source");
        assertThat(violation.getDescription()).isEqualTo("is required");
        assertThat(detail(status, ErrorInfo.class).getReason()).isEqualTo("invalid-event");
    }

    @Test
    void aWrongExpectedVersionIsAFailedPreconditionCarryingTheCurrentVersion() {
        var status = Statuses.proto(new WrongExpectedVersionException("s", ExpectedVersion.noStream(), 4));

        assertThat(status.getCode()).isEqualTo(Code.FAILED_PRECONDITION_VALUE);
        assertThat(status.getMessage()).contains("current version is 4");
        assertThat(detail(status, ErrorInfo.class).getMetadataMap())
                .containsEntry("currentVersion", "4").containsEntry("expectedVersion", "no_stream");
    }

    @Test
    void whereHttpAnswers503RetryAfterGrpcSaysWhenToRetry() {
        var overloaded = Statuses.proto(new OverloadedException("queue full"));
        var unavailable = Statuses.proto(new StorageUnavailableException("disk full", new IOException("ENOSPC")));

        assertThat(overloaded.getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
        assertThat(detail(overloaded, RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(1);
        assertThat(unavailable.getCode()).isEqualTo(Code.UNAVAILABLE_VALUE);
        assertThat(detail(unavailable, RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(10);
    }

    @Test
    void aPartlyStoredBatchSaysWhatBecameOfEachEvent() {
        var status = Statuses.proto(new PartiallyPublishedException(
                Arrays.asList(new Position(0, 7, Instant.EPOCH, false), null),
                Arrays.asList(null, new StorageUnavailableException("disk full", null))));

        assertThat(status.getCode()).isEqualTo(Code.UNAVAILABLE_VALUE);
        PartiallyStored outcomes = detail(status, PartiallyStored.class);
        assertThat(outcomes.getOutcomes(0).getPosition().getOffset()).isEqualTo(7);
        assertThat(outcomes.getOutcomes(1).getError()).isEqualTo("disk full");
    }

    @Test
    void theOtherFailuresMapToTheirCodes() {
        assertThat(Statuses.proto(new BusNotFoundException("b")).getCode()).isEqualTo(Code.NOT_FOUND_VALUE);
        assertThat(Statuses.proto(new BusExistsException("b")).getCode()).isEqualTo(Code.ALREADY_EXISTS_VALUE);
        assertThat(Statuses.proto(new ForbiddenException("read:b", "")).getCode())
                .isEqualTo(Code.PERMISSION_DENIED_VALUE);
        var gone = Statuses.proto(new OffsetOutOfRangeException(0, 1, 5));
        assertThat(gone.getCode()).isEqualTo(Code.OUT_OF_RANGE_VALUE);
        assertThat(detail(gone, ErrorInfo.class).getMetadataMap()).containsEntry("earliestOffset", "5");
        assertThat(Statuses.proto(new IllegalStateException("bug")).getCode()).isEqualTo(Code.INTERNAL_VALUE);
    }

    @Test
    void aGlobalPositionOutOfRangeNamesTheRequestsFieldInsteadOfHttpsParameter() {
        var gone = StatusProto.fromThrowable(
                Statuses.of(new PositionOutOfRangeException("b", 2, 5, 9), "from_position"));
        var beyond = StatusProto.fromThrowable(
                Statuses.of(new PositionOutOfRangeException("b", 10, 5, 9), "position"));

        assertThat(gone.getCode()).isEqualTo(Code.OUT_OF_RANGE_VALUE);
        assertThat(detail(gone, BadRequest.class).getFieldViolations(0).getField()).isEqualTo("from_position");
        assertThat(detail(gone, ErrorInfo.class).getMetadataMap()).containsEntry("field", "from_position")
                .containsEntry("firstPosition", "5").containsEntry("endPosition", "9");
        assertThat(beyond.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(detail(beyond, BadRequest.class).getFieldViolations(0).getField()).isEqualTo("position");
        assertThat(detail(Statuses.proto(new PositionOutOfRangeException("b", 10, 5, 9)), BadRequest.class)
                .getFieldViolations(0).getField()).as("unrenamed: HTTP's").isEqualTo("from");
    }
}
