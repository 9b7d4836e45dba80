package dev.tributary.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.log.Position;
import dev.tributary.server.grpc.v1.PublishStreamRequest;
import dev.tributary.server.grpc.v1.PublishStreamResponse;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The flow control of a publish stream, against a scripted call: requests are asked for only as appends complete. */
class GrpcPublishStreamFlowTest {
    /** A server call whose readiness the test sets, recording what is asked of it. */
    static final class ScriptedCall extends ServerCallStreamObserver<PublishStreamResponse> {
        final List<PublishStreamResponse> sent = new ArrayList<>();
        int requested;
        boolean ready = true;
        boolean completed;
        Runnable onReady;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
            onReady = handler;
        }

        @Override
        public void request(int count) {
            requested += count;
        }

        @Override
        public void disableAutoRequest() {}

        @Override
        public void disableAutoInboundFlowControl() {}

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void setOnCancelHandler(Runnable handler) {}

        @Override
        public void setCompression(String compression) {}

        @Override
        public void setMessageCompression(boolean enable) {}

        @Override
        public void onNext(PublishStreamResponse value) {
            sent.add(value);
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
            completed = true;
        }
    }

    final ScriptedCall call = new ScriptedCall();
    final List<CompletableFuture<List<Position>>> appends = new ArrayList<>();
    final PublishStreamCall stream = new PublishStreamCall(call, request -> {
        CompletableFuture<List<Position>> append = new CompletableFuture<>();
        appends.add(append);
        return append;
    }, Runnable::run);

    @Test
    void asksForNoMoreThanItsInFlightLimitUntilAppendsComplete() {
        assertThat(call.requested).isEqualTo(PublishStreamCall.MAX_IN_FLIGHT);
        for (int i = 0; i < PublishStreamCall.MAX_IN_FLIGHT; i++) {
            stream.onNext(request(i));
        }
        assertThat(call.requested).as("nothing more while all are in flight").isEqualTo(PublishStreamCall.MAX_IN_FLIGHT);

        appends.get(3).complete(List.of(new Position(0, 3, Instant.EPOCH, false)));

        assertThat(call.sent).singleElement().satisfies(ack -> assertThat(ack.getSequence()).isEqualTo(3));
        assertThat(call.requested).isEqualTo(PublishStreamCall.MAX_IN_FLIGHT + 1);
    }

    @Test
    void aClientThatDoesNotReadItsAcksIsNotReadEither() {
        stream.onNext(request(0));
        stream.onNext(request(1));
        call.ready = false;

        appends.get(0).complete(List.of(new Position(0, 0, Instant.EPOCH, false)));
        appends.get(1).completeExceptionally(new IllegalArgumentException("bad"));

        assertThat(call.sent).hasSize(2);
        assertThat(call.sent.get(1).getError().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT.value());
        assertThat(call.requested).as("owed, not asked").isEqualTo(PublishStreamCall.MAX_IN_FLIGHT);
        call.ready = true;
        call.onReady.run();
        assertThat(call.requested).isEqualTo(PublishStreamCall.MAX_IN_FLIGHT + 2);
    }

    @Test
    void endsAfterTheHalfCloseOnceTheLastAckIsOut() {
        stream.onNext(request(0));
        stream.onCompleted();
        assertThat(call.completed).isFalse();

        appends.get(0).complete(List.of(new Position(0, 0, Instant.EPOCH, false)));

        assertThat(call.sent).hasSize(1);
        assertThat(call.completed).isTrue();
    }

    private static PublishStreamRequest request(long sequence) {
        return PublishStreamRequest.newBuilder().setBus("b").setSequence(sequence).build();
    }
}
