package dev.tributary.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import dev.tributary.server.tls.ServerTls;
import dev.tributary.server.tls.TlsSettings;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.Router;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One HTTP server instance on its own event loop; a node deploys one per core, all on the same port. It speaks
 * HTTP/1.1 only and guards its connections: the node's connection limit, an idle timeout, a deadline for each request
 * head (see {@link HeadDeadline}), bounded request lines and headers, and a problem answer for a request whose framing
 * cannot be decoded.
 */
public final class HttpVerticle extends VerticleBase {
    /** How often the TLS files are checked for changes. */
    static final long TLS_CHECK_MILLIS = 1_000;
    private static final System.Logger LOG = System.getLogger(HttpVerticle.class.getName());
    private final String host;
    private final int port;
    private final HttpLimits limits;
    private final ConnectionLimit connections;
    private final Function<io.vertx.core.Vertx, Router> routers;
    private final Optional<TlsSettings> tlsSettings;
    /** This instance's view of the TLS files; touched only on its event loop. */
    private ServerTls tls;
    /** The deadlines of this instance's open connections; touched only on its event loop. */
    private final Map<HttpConnection, HeadDeadline> deadlines = new HashMap<>();
    private HttpServer server;

    /**
     * @param connections the node's connection count, shared by all its instances
     */
    public HttpVerticle(String host, int port, HttpLimits limits, ConnectionLimit connections,
            Function<io.vertx.core.Vertx, Router> routers, Optional<TlsSettings> tls) {
        this.tlsSettings = tls;
        this.host = host;
        this.port = port;
        this.limits = limits;
        this.connections = connections;
        this.routers = routers;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                // cleartext HTTP/2 (h2c upgrade and prior knowledge) is a second framing to harden; the API is HTTP/1.1
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) limits.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes());
        if (tlsSettings.isPresent()) {
            tls = new ServerTls(tlsSettings.get());
            ServerSSLOptions ssl = tls.options();
            options.setSsl(true)
                    .setKeyCertOptions(ssl.getKeyCertOptions())
                    .setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols());
            if (ssl.getTrustOptions() != null) {
                options.setTrustOptions(ssl.getTrustOptions()).setClientAuth(ssl.getClientAuth());
            }
        }
        Router router = routers.apply(vertx);
        // ahead of the API's own stages: the head of this request is complete, its answer ends the request
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            HeadDeadline deadline = deadlines.get(ctx.request().connection());
            if (deadline != null) {
                deadline.headReceived();
                ctx.addEndHandler(ended -> deadline.answered());
            }
            ctx.next();
        });
        return vertx.createHttpServer(options)
                .connectionHandler(this::accept)
                .invalidRequestHandler(request -> MalformedRequests.head(request, limits))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    if (tls != null) {
                        vertx.setPeriodic(TLS_CHECK_MILLIS, id -> reloadTls());
                    }
                });
    }

    /**
     * New certificate files take effect for new connections without a restart; files that do not load (say, a key
     * written before its certificate) leave the last good ones in place, and are tried again at the next change.
     */
    private void reloadTls() {
        if (!tls.changed()) {
            return;
        }
        server.updateSSLOptions(tls.options(), true).onComplete(done -> {
            if (done.failed()) {
                LOG.log(System.Logger.Level.WARNING, "the changed TLS files do not load; serving the previous ones: "
                        + done.cause().getMessage());
            } else {
                LOG.log(System.Logger.Level.INFO, "TLS certificate reloaded");
            }
        });
    }

    private void accept(HttpConnection connection) {
        if (!connections.tryOpen()) {
            connection.close();
            return;
        }
        HeadDeadline deadline = new HeadDeadline(vertx, connection, limits.headerTimeout(), limits.idleTimeout());
        deadlines.put(connection, deadline);
        connection.closeHandler(v -> {
            deadline.closed();
            deadlines.remove(connection);
            connections.closed();
        });
        // a framing error is answered to its request (MalformedRequests); without a handler Vert.x logs each one
        connection.exceptionHandler(failure -> {});
    }

    /** The port actually bound (useful when the configured port was 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
