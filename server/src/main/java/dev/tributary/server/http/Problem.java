package dev.tributary.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.broker.BusExistsException;
import dev.tributary.broker.BusNotFoundException;
import dev.tributary.broker.LimitReachedException;
import dev.tributary.broker.PartiallyPublishedException;
import dev.tributary.broker.schema.InvalidSchemaException;
import dev.tributary.broker.schema.SchemaInUseException;
import dev.tributary.broker.schema.SchemaIncompatibleException;
import dev.tributary.broker.store.HookExistsException;
import dev.tributary.broker.store.KeyExistsException;
import dev.tributary.broker.store.MetadataException;
import dev.tributary.broker.store.RevisionConflictException;
import dev.tributary.broker.store.SubscriptionExistsException;
import dev.tributary.broker.store.SubscriptionNotFoundException;
import dev.tributary.core.InvalidEventException;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.eventstore.GroupExistsException;
import dev.tributary.core.eventstore.GroupNotFoundException;
import dev.tributary.core.eventstore.LeaseLostException;
import dev.tributary.core.eventstore.PositionOutOfRangeException;
import dev.tributary.core.eventstore.StreamDeletedException;
import dev.tributary.core.eventstore.StreamNotFoundException;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import dev.tributary.log.CorruptLogException;
import dev.tributary.log.OffsetOutOfRangeException;
import dev.tributary.log.OverloadedException;
import dev.tributary.log.Position;
import dev.tributary.log.StorageUnavailableException;
import dev.tributary.server.auth.ForbiddenException;
import dev.tributary.server.auth.RateLimitedException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.CompletionException;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}): type, title, status, detail, and Tributary's
 * extension members ({@code field}, {@code currentVersion}, {@code earliestOffset}, …). Maps every failure the API
 * knows to its status: the one place that says what a failure means, which the gRPC API translates too
 * ({@link #from}, {@link #status}, {@link #document}, {@link #retryAfterSeconds} are public for it).
 */
public final class Problem {
    static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPES = "https://tributary.dev/problems/";
    private static final System.Logger LOG = System.getLogger(Problem.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode body = JSON.createObjectNode();
    /** A full disk or a locked store rarely clears within a second: do not invite a tight retry loop. */
    static final int UNAVAILABLE_RETRY_SECONDS = 10;

    private int retryAfterSeconds = -1;

    private Problem(int status, String type, String title, String detail) {
        body.put("type", TYPES + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
    }

    static Problem of(int status, String type, String title, String detail) {
        return new Problem(status, type, title, detail);
    }

    Problem with(String member, String value) {
        body.put(member, value);
        return this;
    }

    Problem with(String member, long value) {
        body.put(member, value);
        return this;
    }

    /** Adds a {@code Retry-After} header to the answer. */
    Problem retryAfter(int seconds) {
        retryAfterSeconds = seconds;
        return this;
    }

    public int status() {
        return body.get("status").asInt();
    }

    /** The problem document as it is sent. */
    public ObjectNode document() {
        return body.deepCopy();
    }

    /** The {@code Retry-After} seconds, -1 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The problem that answers {@code failure}; unexpected failures are logged and answered 500. */
    public static Problem from(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof InvalidEventException e) {
            return of(400, "invalid-event", "Invalid event", e.getMessage()).with("field", e.field());
        }
        if (t instanceof InvalidFieldException e) {
            return of(400, "invalid-request", "Invalid request", e.getMessage()).with("field", e.field());
        }
        if (t instanceof BadRequestException e) {
            return of(400, "invalid-request", "Invalid request", e.getMessage()).with("field", e.field());
        }
        if (t instanceof HttpStatusException e) {
            Problem problem = of(e.status(), e.type(), e.title(), e.getMessage());
            return e.field() == null ? problem : problem.with("field", e.field());
        }
        if (t instanceof HttpException e && e.getStatusCode() >= 400 && e.getStatusCode() < 500) {
            // Vert.x Web's own refusals of client input (for instance a query it cannot decode)
            String detail = e.getPayload() != null ? e.getPayload() : e.getMessage();
            return of(e.getStatusCode(), "invalid-request", "Invalid request", String.valueOf(detail));
        }
        if (t instanceof ForbiddenException e) {
            return of(403, "forbidden", "Forbidden", e.getMessage()).with("scope", e.scope());
        }
        if (t instanceof SchemaViolationException e) {
            Problem problem = of(400, "schema-violation", "Event does not match its schema", e.getMessage())
                    .with("field", e.field)
                    .with("index", e.index)
                    .with("schema", e.schema);
            ArrayNode list = problem.body.putArray("violations");
            e.violations.forEach(v -> list.addObject().put("pointer", v.pointer()).put("keyword", v.keyword())
                    .put("message", v.message()));
            return problem;
        }
        if (t instanceof InvalidSchemaException e) {
            Problem problem = of(400, "invalid-schema", "Invalid schema", e.getMessage()).with("field", "schema");
            ArrayNode list = problem.body.putArray("problems");
            e.problems().forEach(list::add);
            return problem;
        }
        if (t instanceof SchemaIncompatibleException e) {
            Problem problem = of(409, "incompatible-schema", "Incompatible schema", e.getMessage())
                    .with("compatibility", e.compatibility().jsonName());
            ArrayNode list = problem.body.putArray("incompatibilities");
            e.incompatibilities().forEach(i -> list.addObject().put("version", i.version())
                    .put("direction", i.direction().jsonName()).put("pointer", i.pointer()).put("message", i.message()));
            return problem;
        }
        if (t instanceof SchemaInUseException e) {
            return of(409, "schema-in-use", "Schema in use", e.getMessage());
        }
        if (t instanceof RateLimitedException e) {
            return of(429, "rate-limited", "Too many requests", e.getMessage()).retryAfter(e.retryAfterSeconds());
        }
        if (t instanceof LimitReachedException e) {
            return of(409, "limit-reached", "Limit reached", e.getMessage()).with("setting", e.setting());
        }
        if (t instanceof HookExistsException e) {
            return of(409, "hook-exists", "Hook already exists", e.getMessage());
        }
        if (t instanceof KeyExistsException e) {
            return of(409, "key-exists", "Key already exists", e.getMessage());
        }
        if (t instanceof BusNotFoundException e) {
            return of(404, "bus-not-found", "Bus not found", e.getMessage());
        }
        if (t instanceof BusExistsException e) {
            return of(409, "bus-exists", "Bus already exists", e.getMessage());
        }
        if (t instanceof SubscriptionNotFoundException e) {
            return of(404, "subscription-not-found", "Subscription not found", e.getMessage());
        }
        if (t instanceof SubscriptionExistsException e) {
            return of(409, "subscription-exists", "Subscription already exists", e.getMessage());
        }
        if (t instanceof RevisionConflictException e) {
            return of(412, "revision-conflict", "Revision conflict", e.getMessage())
                    .with("currentRevision", e.currentRevision());
        }
        if (t instanceof MetadataException e) {
            return of(503, "metadata-unavailable", "Metadata store unavailable", e.getMessage())
                    .retryAfter(UNAVAILABLE_RETRY_SECONDS);
        }
        if (t instanceof PartiallyPublishedException e) {
            return partiallyStored(e);
        }
        if (t instanceof WrongExpectedVersionException e) {
            return of(409, "wrong-expected-version", "Wrong expected version", e.getMessage())
                    .with("stream", e.stream())
                    .with("expectedVersion", e.expected().toString())
                    .with("currentVersion", e.currentVersion());
        }
        if (t instanceof LeaseLostException e) {
            return of(409, "lease-lost", "Lease lost", e.getMessage()).with("group", e.group())
                    .with("consumer", e.consumer()).with("positions", e.positions().toString()).with("why", e.why());
        }
        if (t instanceof GroupNotFoundException e) {
            return of(404, "group-not-found", "No such consumer group", e.getMessage()).with("group", e.group());
        }
        if (t instanceof GroupExistsException e) {
            return of(409, "group-exists", "Consumer group exists", e.getMessage()).with("group", e.group());
        }
        if (t instanceof StreamDeletedException e) {
            return of(410, "stream-deleted", "Stream deleted", e.getMessage()).with("stream", e.stream());
        }
        if (t instanceof StreamNotFoundException e) {
            return of(404, "stream-not-found", "No such stream", e.getMessage()).with("stream", e.stream());
        }
        if (t instanceof OffsetOutOfRangeException e) {
            return of(410, "offset-out-of-range", "Offset no longer stored", e.getMessage())
                    .with("earliestOffset", e.earliestOffset());
        }
        if (t instanceof PositionOutOfRangeException e) {
            Problem problem = e.requested() < e.firstPosition()
                    ? of(410, "position-out-of-range", "Position no longer stored", e.getMessage())
                    : of(400, "position-out-of-range", "Position beyond the end", e.getMessage());
            return problem.with("field", "from")
                    .with("firstPosition", e.firstPosition())
                    .with("endPosition", e.endPosition());
        }
        if (t instanceof OverloadedException e) {
            return of(503, "overloaded", "Overloaded", e.getMessage()).retryAfter(1);
        }
        if (t instanceof StorageUnavailableException e) {
            return of(503, "storage-unavailable", "Storage unavailable", e.getMessage())
                    .retryAfter(UNAVAILABLE_RETRY_SECONDS);
        }
        if (t instanceof CorruptLogException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            return of(500, "corrupt-log", "Corrupt log", e.getMessage())
                    .with("file", e.file().toString())
                    .with("position", e.position());
        }
        if (t instanceof IllegalArgumentException e) {
            return of(400, "invalid-request", "Invalid request", e.getMessage());
        }
        LOG.log(System.Logger.Level.ERROR, "request failed", t);
        return of(500, "internal", "Internal error", String.valueOf(t.getMessage()));
    }

    /**
     * A batch stored in some partitions and not in others (ADR 0010): {@code results} says, per event in request order,
     * where it was stored ({@code partition}, {@code offset}, {@code duplicate}) or why not ({@code error}), so a client
     * resends only the failed ones.
     */
    private static Problem partiallyStored(PartiallyPublishedException e) {
        Problem problem = of(503, "partially-stored", "Partially stored", e.getMessage())
                .retryAfter(UNAVAILABLE_RETRY_SECONDS);
        ArrayNode results = problem.body.putArray("results");
        for (int i = 0; i < e.positions().size(); i++) {
            Position p = e.positions().get(i);
            ObjectNode result = results.addObject();
            if (p != null) {
                result.put("partition", p.partition()).put("offset", p.offset()).put("duplicate", p.duplicate());
            } else {
                result.put("error", String.valueOf(e.failures().get(i).getMessage()));
            }
        }
        return problem;
    }

    void send(HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        if (retryAfterSeconds >= 0) {
            response.putHeader("retry-after", Integer.toString(retryAfterSeconds));
        }
        response.setStatusCode(status())
                .putHeader("content-type", CONTENT_TYPE)
                .end(Buffer.buffer(body.toString()));
    }
}
