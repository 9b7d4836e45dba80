package dev.tributary.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.IntFunction;

/**
 * How the bench's own HTTP servers ({@link NoopServer}, {@link DeliverySink}) listen: on 127.0.0.1, deployed like the
 * node (one verticle per core sharing the port) with the node's Vert.x and server options, so that what differs from
 * the node is only what a request does.
 */
final class LoopbackHttp {
    private LoopbackHttp() {}

    /**
     * From a verticle's {@code start}: listens on 127.0.0.1:{@code port} with the node's server options, handing every
     * request to {@code handler}, and completes {@code started} once it does.
     */
    static void listen(Vertx vertx, int port, Handler<HttpServerRequest> handler, Promise<Void> started) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                .setIdleTimeout(0);
        vertx.createHttpServer(options)
                .requestHandler(handler)
                .listen()
                .onSuccess(s -> started.complete())
                .onFailure(started::fail);
    }

    /**
     * Deploys {@code instances} verticles made by {@code verticle} (given the port) on one port ({@code 0}: a free
     * one, picked up front, because instances share one listening socket only when they ask for the same port),
     * prints {@code <name> listening on http://127.0.0.1:<port>}, and closes Vert.x on SIGTERM. Exits the process with
     * status 1 if the port cannot be bound.
     */
    static Vertx serve(String name, int port, int instances, IntFunction<Verticle> verticle) throws IOException {
        int chosen = port != 0 ? port : freePort();
        Vertx vertx = vertx(new VertxOptions(), name);
        try {
            vertx.deployVerticle(() -> verticle.apply(chosen), new DeploymentOptions().setInstances(instances))
                    .toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            System.err.println(name + " cannot listen on 127.0.0.1:" + chosen + ": " + e.getMessage());
            vertx.close();
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close()));
        System.out.println(name + " listening on http://127.0.0.1:" + chosen);
        System.out.flush();
        return vertx;
    }

    /**
     * Vert.x on the native transport, as the node runs; says so on stderr when it fell back to NIO, whose extra
     * syscalls would make the load generator and the no-op servers costlier than the node (run.sh notes it).
     */
    static Vertx vertx(VertxOptions options, String name) {
        Vertx vertx = Vertx.vertx(options.setPreferNativeTransport(true));
        if (!vertx.isNativeTransportEnabled()) {
            System.err.println("warning: " + name + " runs on NIO, not the node's native transport: "
                    + vertx.unavailableNativeTransportCause());
        }
        return vertx;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
