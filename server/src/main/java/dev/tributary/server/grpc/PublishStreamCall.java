package dev.tributary.server.grpc;

import dev.tributary.log.Position;
import dev.tributary.server.grpc.v1.PublishStreamRequest;
import dev.tributary.server.grpc.v1.PublishStreamResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One {@code PublishStream} call. Flow control is manual: the call asks gRPC for {@link #MAX_IN_FLIGHT} requests, and
 * for one more each time an append completes and its ack could be written, so at most that many requests are decoded
 * or being appended at once, and a client that stops reading its acks stops being read. Acks go out as appends
 * complete, each with its request's sequence; a failed request is acked with its status and the call goes on. After
 * the client half-closes, the call ends once every ack is out.
 *
 * <pre>
 *   open ──request(8)──▶ reading ──onCompleted──▶ draining ──last ack──▶ completed
 *                          │ ▲ ack: request(1) now,            │
 *                          │ └ or when the client reads again  │
 *                          └──── cancelled (acks dropped) ◀────┘
 * </pre>
 *
 * <p>Thread-safe: gRPC's callbacks and the appends' completions (on the gRPC executor) meet under this object's lock.
 */
final class PublishStreamCall implements StreamObserver<PublishStreamRequest> {
    /** Requests decoded or appending at once, per call; each is at most max-batch-bytes. */
    static final int MAX_IN_FLIGHT = 8;

    private final ServerCallStreamObserver<PublishStreamResponse> out;
    private final Function<PublishStreamRequest, CompletableFuture<List<Position>>> publish;
    private final Executor executor;
    private int inFlight;
    /** Requests owed to the client: acks were written while it was not reading, so asking was put off. */
    private int owed;
    private boolean halfClosed;
    private boolean done;

    PublishStreamCall(ServerCallStreamObserver<PublishStreamResponse> out,
            Function<PublishStreamRequest, CompletableFuture<List<Position>>> publish, Executor executor) {
        this.out = out;
        this.publish = publish;
        this.executor = executor;
        out.disableAutoRequest();
        out.setOnReadyHandler(this::ready);
        out.setOnCancelHandler(this::cancelled);
        out.request(MAX_IN_FLIGHT);
    }

    @Override
    public void onNext(PublishStreamRequest request) {
        synchronized (this) {
            inFlight++;
        }
        long sequence = request.getSequence();
        publish.apply(request).whenCompleteAsync((positions, failure) -> acked(sequence, positions, failure), executor);
    }

    private synchronized void acked(long sequence, List<Position> positions, Throwable failure) {
        inFlight--;
        if (done) {
            return;
        }
        PublishStreamResponse.Builder ack = PublishStreamResponse.newBuilder().setSequence(sequence);
        if (failure == null) {
            ack.addAllPositions(Positions.of(positions));
        } else {
            ack.setError(Statuses.proto(failure));
        }
        try {
            out.onNext(ack.build());
        } catch (StatusRuntimeException cancelled) {
            done = true;
            return;
        }
        if (halfClosed) {
            finishIfDrained();
        } else if (out.isReady()) {
            out.request(1);
        } else {
            owed++;
        }
    }

    private synchronized void ready() {
        if (owed > 0 && !done && !halfClosed) {
            out.request(owed);
            owed = 0;
        }
    }

    private synchronized void cancelled() {
        done = true;
    }

    @Override
    public synchronized void onError(Throwable t) {
        // the client cancelled or broke the call: appends in flight complete, their acks have nowhere to go
        done = true;
    }

    @Override
    public synchronized void onCompleted() {
        halfClosed = true;
        finishIfDrained();
    }

    private void finishIfDrained() {
        if (inFlight == 0 && !done) {
            done = true;
            try {
                out.onCompleted();
            } catch (StatusRuntimeException cancelled) {
                // nothing left to tell
            }
        }
    }
}
