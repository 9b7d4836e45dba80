package dev.tributary.server.grpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Answers unary calls: with the value of the work, or with the status of its failure ({@link Statuses}), whether the
 * work throws or its future fails. Asynchronous answers are sent from the gRPC executor, never from the thread that
 * completed the future (a partition writer, which serves every partition and must not wait on a client). Stateless.
 */
final class Replies {
    private Replies() {}

    /** Answers with what {@code work} returns now (blocking work: it runs on the call's executor thread). */
    static <T> void now(StreamObserver<T> out, Supplier<T> work) {
        T value;
        try {
            value = work.get();
        } catch (RuntimeException e) {
            fail(out, e);
            return;
        }
        send(out, value);
    }

    /** Answers with what {@code work}'s future completes with, once it does. */
    static <T> void later(StreamObserver<T> out, Supplier<CompletionStage<T>> work, Executor executor) {
        CompletionStage<T> stage;
        try {
            stage = work.get();
        } catch (RuntimeException e) {
            fail(out, e);
            return;
        }
        stage.whenCompleteAsync((value, failure) -> {
            if (failure != null) {
                fail(out, failure);
            } else {
                send(out, value);
            }
        }, executor);
    }

    private static <T> void send(StreamObserver<T> out, T value) {
        try {
            out.onNext(value);
            out.onCompleted();
        } catch (StatusRuntimeException cancelled) {
            // the client went away meanwhile; what was done stays done
        }
    }

    private static void fail(StreamObserver<?> out, Throwable failure) {
        try {
            out.onError(Statuses.of(failure));
        } catch (StatusRuntimeException cancelled) {
            // the client went away meanwhile
        }
    }
}
