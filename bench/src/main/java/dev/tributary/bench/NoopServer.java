package dev.tributary.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The ceiling for HTTP ingest on this stack: a Vert.x 5 HTTP server, deployed like the node (one server verticle per
 * core sharing the port), that reads each request body in full and answers every POST with 200 and a small JSON
 * body, stores nothing. {@code GET /health/ready} answers 200 so that the same tooling can wait for it; anything
 * else answers 404.
 *
 * <p>Prints {@code NoopServer listening on http://127.0.0.1:<port>} once listening; stops on SIGTERM.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.tributary.bench.NoopServer [--port 0] [--instances N]</pre>
 */
public final class NoopServer extends AbstractVerticle {
    private static final byte[] ANSWER =
            "{\"results\":[{\"partition\":0,\"offset\":0,\"duplicate\":false}]}".getBytes(StandardCharsets.UTF_8);

    private final int port;

    private NoopServer(int port) {
        this.port = port;
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("port", "instances"));
        int instances = (int) args.number("instances", Runtime.getRuntime().availableProcessors());
        LoopbackHttp.serve("NoopServer", (int) args.number("port", 0), instances, NoopServer::new);
    }

    @Override
    public void start(Promise<Void> started) {
        LoopbackHttp.listen(vertx, port, this::handle, started);
    }

    private void handle(HttpServerRequest request) {
        if (request.method() == HttpMethod.POST) {
            request.body().onComplete(body -> request.response()
                    .putHeader("content-type", "application/json")
                    .end(Buffer.buffer(ANSWER)));
        } else if (request.method() == HttpMethod.GET && "/health/ready".equals(request.path())) {
            request.response().end();
        } else {
            request.response().setStatusCode(404).end();
        }
    }
}
