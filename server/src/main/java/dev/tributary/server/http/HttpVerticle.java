package dev.tributary.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/** One HTTP server instance on its own event loop; a node deploys one per core, all on the same port. */
public final class HttpVerticle extends VerticleBase {
    private final String host;
    private final int port;
    private final Function<io.vertx.core.Vertx, Router> routers;
    private HttpServer server;

    public HttpVerticle(String host, int port, Function<io.vertx.core.Vertx, Router> routers) {
        this.host = host;
        this.port = port;
        this.routers = routers;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                .setIdleTimeout(0);
        return vertx.createHttpServer(options)
                .requestHandler(routers.apply(vertx))
                .listen()
                .onSuccess(s -> server = s);
    }

    /** The port actually bound (useful when the configured port was 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
