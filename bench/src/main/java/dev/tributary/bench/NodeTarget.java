package dev.tributary.bench;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The event store over HTTP: a node process ({@link NodeProcess}, fsync) on a fresh data directory with a bus
 * {@code events} of 4 partitions (a global order, as the embedded store's), and each append a
 * {@code POST /v1/buses/events/streams/{stream}/events?expectedVersion=N|no_stream} of one structured CloudEvent
 * ({@code application/cloudevents+json}, as {@link RequestShapes.Mode#STRUCTURED} sends them) over keep-alive
 * HTTP/1.1, one connection per writer in a pool of as many (the Vert.x client on epoll, as {@link LoadGenerator}'s).
 * The writer's thread waits for the answer: a 409 is a wrong expected version.
 *
 * <p>Thread-safe: the Vert.x client is, and the event templates are immutable. Stops the node and deletes its data
 * directory on close.
 */
final class NodeTarget implements AppendTarget {
    private static final String BUS = "events";
    private static final int PARTITIONS = 4;

    private final Path dir;
    private final NodeProcess node;
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Optional<String> authorization;
    /** Where the requests that are not a writer's are made from. */
    private final Context setup;
    /** A structured event is {@code eventHead + id + eventTail}, as {@link RequestShapes} builds one. */
    private final byte[] eventHead;
    private final byte[] eventTail;

    private NodeTarget(Path dir, NodeProcess node, Vertx vertx, HttpClientAgent client, Optional<String> authorization,
            byte[] data) {
        this.dir = dir;
        this.node = node;
        this.vertx = vertx;
        this.client = client;
        this.authorization = authorization;
        this.setup = vertx.getOrCreateContext();
        this.eventHead = "{\"specversion\":\"1.0\",\"id\":\"".getBytes(StandardCharsets.UTF_8);
        this.eventTail = ("\",\"source\":\"" + BenchEvents.SOURCE + "\",\"type\":\"" + BenchEvents.TYPE
                        + "\",\"datacontenttype\":\"application/json\",\"data\":"
                        + new String(data, StandardCharsets.UTF_8) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Starts a node on a new data directory under {@code parent}, its output in {@code log}, and creates the bus. */
    static NodeTarget start(Path jar, Path parent, Path log, int connections, byte[] data) throws Exception {
        Path dir = parent.resolve("node");
        TempDirs.delete(dir);
        NodeProcess node = NodeProcess.start(jar, dir, log, 120);
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        Vertx vertx = LoopbackHttp.vertx(new VertxOptions().setEventLoopPoolSize(loops), "StoreAppendLoad");
        HttpClientAgent client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(node.port())
                        .setKeepAlive(true)
                        .setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(connections).setEventLoopSize(loops).setMaxWaitQueueSize(-1));
        NodeTarget target = new NodeTarget(dir, node, vertx, client, node.authorization(), data);
        try {
            Answer created = target.send(target.setup, HttpMethod.POST, "/v1/buses",
                    MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"),
                    Buffer.buffer("{\"name\":\"" + BUS + "\",\"partitions\":" + PARTITIONS + "}"));
            if (created.status() != 201) {
                throw new IllegalStateException("creating bus " + BUS + " answered " + created);
            }
            return target;
        } catch (Exception | Error e) {
            target.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Writer writer() {
        return new Writer() {
            /** A context of its own per writer, from a non-Vert.x thread: the writers spread over the event loops. */
            private final Context context = vertx.getOrCreateContext();

            @Override
            public long append(String stream, long expectedVersion, String eventId) throws Exception {
                Buffer body = Buffer.buffer(eventHead.length + eventId.length() + eventTail.length)
                        .appendBytes(eventHead)
                        .appendString(eventId)
                        .appendBytes(eventTail);
                String expected = expectedVersion < 0 ? "no_stream" : Long.toString(expectedVersion);
                Answer answer = send(context, HttpMethod.POST,
                        "/v1/buses/" + BUS + "/streams/" + stream + "/events?expectedVersion=" + expected,
                        MultiMap.caseInsensitiveMultiMap().add("content-type", "application/cloudevents+json"), body);
                if (answer.status() == 409) {
                    throw new WrongExpectedVersionException(stream,
                            expectedVersion < 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(expectedVersion),
                            answer.number("currentVersion"));
                }
                if (answer.status() != 200) {
                    throw new IllegalStateException("appending to " + stream + " answered " + answer);
                }
                return answer.number("currentVersion");
            }

            @Override
            public long currentVersion(String stream) throws Exception {
                Answer answer = send(context, HttpMethod.GET, "/v1/buses/" + BUS + "/streams/" + stream + "/metadata",
                        MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
                if (answer.status() != 200) {
                    throw new IllegalStateException("reading the state of " + stream + " answered " + answer);
                }
                return answer.number("currentVersion");
            }
        };
    }

    /** Reads the bus's global order from its first position to the end, in NDJSON pages of 1,000, and counts. */
    @Override
    public long storedEvents() throws Exception {
        long events = 0;
        String query = "limit=1000";
        MultiMap accept = MultiMap.caseInsensitiveMultiMap().add("accept", "application/x-ndjson");
        while (true) {
            Answer page = send(setup, HttpMethod.GET, "/v1/buses/" + BUS + "/all/events?" + query, accept, Buffer.buffer());
            if (page.status() != 200) {
                throw new IllegalStateException("reading the global order (" + query + ") answered " + page);
            }
            long lines = page.body().chars().filter(c -> c == '\n').count();
            events += lines;
            if (lines < 1000) {
                return events;
            }
            query = "limit=1000&from=" + page.next();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            try {
                node.close(); // even when the client did not close in time: no node may outlive the tool
            } finally {
                TempDirs.delete(dir);
            }
        }
    }

    /** An answer of the node: its status, its headers and its body as text. */
    private record Answer(int status, MultiMap headers, String body) {
        /** The cursor of a page of the global order. */
        String next() {
            return headers.get("Tributary-Next");
        }

        /** The whole number in {@code "<field>":<n>} of the body, as the node writes it (no spaces). */
        long number(String field) {
            String key = "\"" + field + "\":";
            int at = body.indexOf(key);
            if (at < 0) {
                throw new IllegalStateException("no " + field + " in the answer " + this);
            }
            int from = at + key.length();
            int to = from;
            while (to < body.length() && (Character.isDigit(body.charAt(to)) || body.charAt(to) == '-')) {
                to++;
            }
            return Long.parseLong(body.substring(from, to));
        }

        @Override
        public String toString() {
            return status + " " + headers.entries() + ": " + body.substring(0, Math.min(300, body.length()));
        }
    }

    /**
     * Sends one request from {@code context} and waits up to 30 s for its whole answer. The request is made on the
     * context's event loop, not on the calling thread: made from another thread, the response can arrive before the
     * body handler is set, and its body is lost (seen here: a 200 with {@code content-length: 169} and an empty body,
     * once in some tens of thousands of appends).
     */
    private Answer send(Context context, HttpMethod method, String uri, MultiMap headers, Buffer body)
            throws Exception {
        authorization.ifPresent(auth -> headers.set("authorization", auth));
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        context.runOnContext(v -> client.request(new RequestOptions().setMethod(method).setURI(uri).setHeaders(headers))
                .compose(req -> req.send(body))
                .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.headers(), b.toString())))
                .onSuccess(answer::complete)
                .onFailure(answer::completeExceptionally));
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
