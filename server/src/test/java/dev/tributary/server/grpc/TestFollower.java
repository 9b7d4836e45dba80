package dev.tributary.server.grpc;

import dev.tributary.server.grpc.v1.FollowRequest;
import dev.tributary.server.grpc.v1.FollowResponse;
import dev.tributary.server.grpc.v1.ReadServiceGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A Follow call whose responses queue up for the test to take, against a deadline. */
final class TestFollower implements AutoCloseable {
    private final BlockingQueue<FollowResponse> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private ClientCallStreamObserver<FollowRequest> call;

    TestFollower(ReadServiceGrpc.ReadServiceStub reader, FollowRequest request) {
        reader.follow(request, new ClientResponseObserver<FollowRequest, FollowResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<FollowRequest> stream) {
                call = stream;
            }

            @Override
            public void onNext(FollowResponse response) {
                received.add(response);
            }

            @Override
            public void onError(Throwable t) {
                ended.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                ended.complete(null);
            }
        });
    }

    /** The next {@code n} responses, failing if they do not come within the deadline. */
    List<FollowResponse> take(int n, Duration within) throws InterruptedException {
        List<FollowResponse> taken = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (taken.size() < n) {
            FollowResponse next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("got " + taken.size() + " of " + n + " events within " + within
                        + (ended.isDone() ? "; the call ended: " + ended : ""));
            }
            taken.add(next);
        }
        return taken;
    }

    List<FollowResponse> take(int n) throws InterruptedException {
        return take(n, Duration.ofSeconds(20));
    }

    /** What has arrived and not been taken. */
    List<FollowResponse> drained() {
        List<FollowResponse> rest = new ArrayList<>();
        received.drainTo(rest);
        return rest;
    }

    @Override
    public void close() {
        call.cancel("test done", null);
    }
}
