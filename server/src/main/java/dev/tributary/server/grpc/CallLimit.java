package dev.tributary.server.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most calls the node serves at once, over all connections: one more is refused at once with RESOURCE_EXHAUSTED
 * and a retry delay. With flow control bounding what each call holds, this bounds the work queued for the gRPC
 * executor and the memory of the calls. Thread-safe.
 */
final class CallLimit implements ServerInterceptor {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    CallLimit(int max) {
        this.max = max;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            StatusRuntimeException refusal = refusal();
            call.close(refusal.getStatus(), refusal.getTrailers());
            return new ServerCall.Listener<>() {};
        }
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(call, headers);
        } catch (RuntimeException e) {
            open.decrementAndGet();
            throw e;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                open.decrementAndGet();
                super.onComplete();
            }

            @Override
            public void onCancel() {
                open.decrementAndGet();
                super.onCancel();
            }
        };
    }

    int open() {
        return open.get();
    }

    private StatusRuntimeException refusal() {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED.getNumber())
                .setMessage("the node serves " + max + " gRPC calls at once; try again shortly")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("too-many-calls").setDomain(Statuses.DOMAIN)
                        .build()))
                .addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(1)).build()))
                .build());
    }
}
