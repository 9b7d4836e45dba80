package dev.tributary.server.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.tributary.broker.PartiallyPublishedException;
import dev.tributary.log.Position;
import dev.tributary.server.grpc.v1.PartiallyStored;
import dev.tributary.server.http.Problem;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a failure into the gRPC status that answers it. What a failure means is decided in one place, the HTTP API's
 * {@link Problem}; this class only translates: the gRPC code from the problem's HTTP status (and type), the message
 * from its detail, and the details
 *
 * <ul>
 *   <li>{@code ErrorInfo}: reason = the problem type ({@code wrong-expected-version}), domain {@value #DOMAIN},
 *       metadata = the problem's extension members as text ({@code currentVersion}, {@code scope}, {@code field}…);
 *   <li>{@code BadRequest} with one field violation, when the problem names a {@code field} ({@code [3].source});
 *   <li>{@code RetryInfo}, where HTTP would answer {@code Retry-After};
 *   <li>{@link PartiallyStored}, for a batch stored in some partitions and not in others.
 * </ul>
 *
 * Stateless and thread-safe.
 */
final class Statuses {
    static final String DOMAIN = "tributary.dev";
    private static final String TYPES = "https://tributary.dev/problems/";
    /** Members every problem has; the rest are the problem's own and go into ErrorInfo's metadata. */
    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "results");

    private Statuses() {}

    /** The exception that ends a call failing with {@code failure}. */
    static StatusRuntimeException of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusRuntimeException e) {
            return e;
        }
        if (t instanceof StatusException e) {
            return new StatusRuntimeException(e.getStatus(), e.getTrailers());
        }
        return StatusProto.toStatusRuntimeException(proto(t));
    }

    /**
     * As {@link #of(Throwable)}, naming {@code field} of the request where the problem names HTTP's parameter: a
     * global position out of range is {@code from} over HTTP, {@code from_position} or {@code position} here.
     */
    static StatusRuntimeException of(Throwable failure, String field) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusRuntimeException || t instanceof StatusException) {
            return of(t);
        }
        return StatusProto.toStatusRuntimeException(proto(t, field));
    }

    /** The status, as a message: what a streamed ack carries for a request that failed. */
    static com.google.rpc.Status proto(Throwable failure) {
        return proto(failure, null);
    }

    /** @param renamed the request's field to name instead of the problem's, or null */
    private static com.google.rpc.Status proto(Throwable failure, String renamed) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusRuntimeException || t instanceof StatusException) {
            com.google.rpc.Status carried = StatusProto.fromThrowable(t);
            if (carried != null) {
                return carried;
            }
            Status status = Status.fromThrowable(t);
            return com.google.rpc.Status.newBuilder()
                    .setCode(status.getCode().value())
                    .setMessage(String.valueOf(status.getDescription()))
                    .build();
        }
        Problem problem = Problem.from(t);
        ObjectNode document = problem.document();
        if (renamed != null && document.has("field")) {
            document.put("field", renamed);
        }
        String type = document.path("type").asText().replace(TYPES, "");
        String detail = document.path("detail").asText();
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code(problem.status(), type).getNumber())
                .setMessage(detail);
        ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(type).setDomain(DOMAIN);
        for (Map.Entry<String, JsonNode> member : document.properties()) {
            if (!STANDARD.contains(member.getKey()) && member.getValue().isValueNode()) {
                info.putMetadata(member.getKey(), member.getValue().asText());
            }
        }
        status.addDetails(Any.pack(info.build()));
        JsonNode field = document.get("field");
        if (field != null && field.isTextual()) {
            String prefix = field.asText() + ": ";
            status.addDetails(Any.pack(BadRequest.newBuilder()
                    .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                            .setField(field.asText())
                            .setDescription(detail.startsWith(prefix) ? detail.substring(prefix.length()) : detail))
                    .build()));
        }
        if (problem.retryAfterSeconds() >= 0) {
            status.addDetails(Any.pack(RetryInfo.newBuilder()
                    .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(problem.retryAfterSeconds()))
                    .build()));
        }
        if (t instanceof PartiallyPublishedException partial) {
            status.addDetails(Any.pack(partiallyStored(partial)));
        }
        return status.build();
    }

    /**
     * A refused credential: UNAUTHENTICATED, the message saying why with the reason HTTP gives in its problem
     * ({@code missing-credential}, {@code unknown-key}…), which ErrorInfo carries too.
     */
    static StatusRuntimeException unauthenticated(dev.tributary.server.auth.Authentication outcome) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.UNAUTHENTICATED.getNumber())
                .setMessage(outcome.message() + " (" + outcome.reason() + ")")
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason("unauthenticated")
                        .setDomain(DOMAIN)
                        .putMetadata("reason", outcome.reason())
                        .build()))
                .build());
    }

    /** The answer to an address that failed to authenticate too often (HTTP's 429 with Retry-After). */
    static StatusRuntimeException throttled(java.time.Duration wait) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED.getNumber())
                .setMessage("this address failed to authenticate too often; try again later")
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason("too-many-failed-authentications")
                        .setDomain(DOMAIN)
                        .build()))
                .addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                                .setSeconds(Math.max(1, wait.toSeconds())))
                        .build()))
                .build());
    }

    /**
     * The gRPC code of an HTTP answer, as the gRPC status code guide reads them: a conflict on a version is a failed
     * precondition, one on a name already taken is ALREADY_EXISTS; a full writer queue is RESOURCE_EXHAUSTED, a store
     * that cannot write is UNAVAILABLE.
     */
    static Code code(int httpStatus, String type) {
        return switch (httpStatus) {
            case 400, 415 -> Code.INVALID_ARGUMENT;
            case 401 -> Code.UNAUTHENTICATED;
            case 403 -> Code.PERMISSION_DENIED;
            case 404 -> Code.NOT_FOUND;
            case 409 -> type.equals("wrong-expected-version") ? Code.FAILED_PRECONDITION : Code.ALREADY_EXISTS;
            case 410 -> Code.OUT_OF_RANGE;
            case 412 -> Code.FAILED_PRECONDITION;
            case 413, 429 -> Code.RESOURCE_EXHAUSTED;
            case 501 -> Code.UNIMPLEMENTED;
            case 503 -> type.equals("overloaded") ? Code.RESOURCE_EXHAUSTED : Code.UNAVAILABLE;
            case 504 -> Code.DEADLINE_EXCEEDED;
            default -> httpStatus >= 500 ? Code.INTERNAL : Code.FAILED_PRECONDITION;
        };
    }

    private static PartiallyStored partiallyStored(PartiallyPublishedException e) {
        PartiallyStored.Builder detail = PartiallyStored.newBuilder();
        for (int i = 0; i < e.positions().size(); i++) {
            Position p = e.positions().get(i);
            detail.addOutcomes(p != null
                    ? PartiallyStored.Outcome.newBuilder().setPosition(Positions.of(p))
                    : PartiallyStored.Outcome.newBuilder().setError(String.valueOf(e.failures().get(i).getMessage())));
        }
        return detail.build();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
