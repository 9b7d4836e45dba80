package dev.tributary.server.grpc;

import dev.tributary.server.grpc.v1.FollowResponse;
import dev.tributary.server.http.FollowCursor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code Follow} call, the loop of HTTP's follower over gRPC's flow control: read what is there (on the gRPC
 * executor) → send while the client takes it → when it stops taking, wait for it (on-ready) → when nothing is left,
 * wait for the log ({@link FollowCursor#whenMore}) → read … A slow client costs at most one read batch of memory.
 * Where a read finds nothing, the client is told what HTTP's follower tells it there: a {@code CHECKPOINT} when the
 * cursor has one due, and {@code CAUGHT_UP} the first time.
 *
 * <p>Thread-safe: {@link #pump} may be asked for from any thread; one thread at a time drains (a work-in-progress
 * count hands the drain over), so the cursor, which is not thread-safe, is only ever moved by one.
 */
final class FollowCall {
    private final ServerCallStreamObserver<FollowResponse> out;
    private final FollowCursor cursor;
    private final Executor executor;
    private final AtomicInteger wanted = new AtomicInteger();
    /** Read but not yet sent; touched only by the draining thread. */
    private final ArrayDeque<FollowResponse> pending = new ArrayDeque<>();
    /** The client was told it caught up; touched only by the draining thread. */
    private boolean caughtUp;
    private volatile boolean over;
    /** A wait on the log is set: set by the draining thread, cleared when the log has more. */
    private volatile boolean waiting;
    /** Set to end the call at the next drain, from the draining thread (the observer is not thread-safe). */
    private volatile RuntimeException ending;
    private Runnable onEnd = () -> {};

    FollowCall(ServerCallStreamObserver<FollowResponse> out, FollowCursor cursor, Executor executor) {
        this.out = out;
        this.cursor = cursor;
        this.executor = executor;
    }

    /** @param onEnd told when the call is over, however it ends */
    void start(Runnable onEnd) {
        this.onEnd = onEnd;
        out.setOnCancelHandler(() -> {
            over = true;
            onEnd.run();
        });
        out.setOnReadyHandler(this::pump);
        executor.execute(this::pump);
    }

    /** Ends the follow with UNAVAILABLE: the node is stopping, and the client resumes elsewhere or later. */
    void stop() {
        ending = io.grpc.Status.UNAVAILABLE
                .withDescription("the node is stopping; follow again with resume_after set to the last resume_token")
                .asRuntimeException();
        pump();
    }

    private void pump() {
        if (wanted.getAndIncrement() != 0) {
            return;
        }
        do {
            try {
                drain();
            } catch (RuntimeException e) {
                fail(e);
            }
        } while (wanted.decrementAndGet() != 0);
    }

    private void drain() {
        if (ending != null) {
            fail(ending);
            return;
        }
        while (!over && out.isReady()) {
            if (pending.isEmpty()) {
                if (waiting) {
                    return;
                }
                read();
                continue;
            }
            out.onNext(pending.poll());
        }
    }

    /** Reads what is there; when there is nothing, queues what the client is told at the end and waits for the log. */
    private void read() {
        for (FollowCursor.Message m : cursor.readMore()) {
            pending.add(FollowResponse.newBuilder()
                    .setEvent(ProtoEvents.stored(m.event()))
                    .setResumeToken(m.id())
                    .build());
        }
        if (!pending.isEmpty()) {
            return;
        }
        String checkpoint = cursor.checkpoint();
        if (checkpoint != null) {
            pending.add(signal(FollowResponse.Kind.CHECKPOINT, checkpoint));
        }
        if (!caughtUp) {
            caughtUp = true;
            pending.add(signal(FollowResponse.Kind.CAUGHT_UP, cursor.resumeId()));
        }
        waiting = true;
        cursor.whenMore().whenCompleteAsync((ignored, failure) -> {
            waiting = false;
            pump();
        }, executor);
    }

    private static FollowResponse signal(FollowResponse.Kind kind, String resumeToken) {
        return FollowResponse.newBuilder().setKind(kind).setResumeToken(resumeToken).build();
    }

    private void fail(RuntimeException e) {
        if (over) {
            return;
        }
        over = true;
        onEnd.run();
        try {
            out.onError(Statuses.of(e));
        } catch (StatusRuntimeException cancelled) {
            // the client is gone already
        }
    }
}
