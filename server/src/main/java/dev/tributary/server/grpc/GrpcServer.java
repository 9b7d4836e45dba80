package dev.tributary.server.grpc;

import dev.tributary.broker.Buses;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.auth.Authenticator;
import dev.tributary.server.auth.Security;
import dev.tributary.server.http.IngestChecks;
import dev.tributary.server.grpc.v1.PublishServiceGrpc;
import dev.tributary.server.grpc.v1.ReadServiceGrpc;
import dev.tributary.server.metrics.NodeMetrics;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The node's gRPC listener ({@code grpc-port}, on {@code host}): the Tributary services behind a call limit and the
 * authentication stage, plus health checking and server reflection, which answer without a credential. TLS when the
 * node has {@code tls-*} settings, reloaded as HTTPS is.
 *
 * <p>Bounded: inbound messages at {@code max-batch-bytes}, metadata at {@code http-max-header-bytes}; application work
 * on a fixed pool of threads; at most {@link #MAX_CALLS} calls at once ({@link #MAX_CALLS_PER_CONNECTION} per
 * connection, HTTP/2's max concurrent streams); streams flow-controlled; handshakes within {@code http-header-timeout},
 * connections without calls closed after {@code http-idle-timeout}, peers that stop answering pings dropped.
 *
 * <p>Start with {@link #start}, stop with {@link #close()}. Thread-safe.
 */
public final class GrpcServer implements AutoCloseable {
    static final int MAX_CALLS = 10_000;
    static final int MAX_CALLS_PER_CONNECTION = 1_000;
    static final long TIMER_PERIOD_MILLIS = 1_000;
    static final long KEEP_ALIVE_SECONDS = 30;
    private static final long DRAIN_MILLIS = 5_000;
    private static final System.Logger LOG = System.getLogger(GrpcServer.class.getName());

    private final Server server;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService timer;
    private final Health health;
    private final Reading reading;

    private GrpcServer(Server server, ThreadPoolExecutor executor, ScheduledExecutorService timer, Health health,
            Reading reading) {
        this.server = server;
        this.executor = executor;
        this.timer = timer;
        this.health = health;
        this.reading = reading;
    }

    /**
     * Binds the port and starts serving.
     *
     * @param ready whether the node is ready (for the health service)
     * @param vertx reads the TLS files, as HTTPS reads them
     * @throws IllegalStateException if the port cannot be bound or the TLS files do not load
     */
    public static GrpcServer start(NodeConfig config, Buses buses, Security security, IngestChecks ingest,
            NodeMetrics metrics, BooleanSupplier ready, Vertx vertx) {
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                // bounded by the call limit: each call has at most a few callbacks queued (flow control)
                new LinkedBlockingQueue<>(), named("tributary-grpc-"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("tributary-grpc-timer-"));
        try {
            Optional<GrpcTls> tls = config.tls().map(settings -> new GrpcTls(settings, vertx));
            Health health = new Health(ready, List.of(PublishServiceGrpc.SERVICE_NAME, ReadServiceGrpc.SERVICE_NAME));
            ProtoEvents events = new ProtoEvents(config.maxEventBytes(), config.maxBatchEvents());
            CallAuthentication authentication =
                    new CallAuthentication(new Authenticator(security, metrics::authenticationFailed), security.rates());
            CallLimit limit = new CallLimit(MAX_CALLS);
            Executor callbacks = callbacks(executor);
            Reading reading = new Reading(buses, callbacks);
            int port = config.grpcPort() == NodeConfig.GRPC_FREE_PORT ? 0 : config.grpcPort();
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), port))
                    .executor(executor)
                    .maxInboundMessageSize(config.maxBatchBytes())
                    .maxInboundMetadataSize(config.http().maxHeaderBytes())
                    .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                    .handshakeTimeout(config.http().headerTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .maxConnectionIdle(config.http().idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    // pings find peers that vanished (a follow would otherwise hold its call for hours) and keep
                    // quiet follows alive through proxies, as the SSE follow's comments do; clients may ping as often
                    .keepAliveTime(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS)
                    .keepAliveTimeout(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS)
                    .permitKeepAliveTime(KEEP_ALIVE_SECONDS / 3, TimeUnit.SECONDS)
                    // against HTTP/2 rapid reset: a connection resetting streams faster than this is closed
                    .maxRstFramesPerWindow(1_000, 10)
                    // interceptors run last-added first: the limit, then authentication, then the service
                    .addService(ServerInterceptors.intercept(
                            new Publishing(buses, events, ingest, metrics, callbacks), authentication, limit))
                    .addService(ServerInterceptors.intercept(reading, authentication, limit))
                    .addService(health.service())
                    .addService(ProtoReflectionServiceV1.newInstance())
                    .addService(reflectionV1Alpha());
            tls.ifPresent(t -> builder.sslContext(t.context()));
            Server server = builder.build().start();
            timer.scheduleWithFixedDelay(() -> {
                // a task that throws is never run again: report, and look again at the next tick
                try {
                    health.refresh();
                    tls.ifPresent(GrpcTls::reload);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "gRPC health or TLS check failed", e);
                }
            }, TIMER_PERIOD_MILLIS, TIMER_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            return new GrpcServer(server, executor, timer, health, reading);
        } catch (IOException | RuntimeException e) {
            timer.shutdownNow();
            executor.shutdownNow();
            throw new IllegalStateException("cannot serve gRPC on " + config.host() + ":" + config.grpcPort() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Where completions of appends and log waits continue. They complete on partition writers (shared by every
     * partition), which must never see an exception from us: once the server is closed its calls are gone, and a
     * completion has nothing left to do.
     */
    private static Executor callbacks(ThreadPoolExecutor executor) {
        return task -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException closed) {
                // the server is closed; the call this would answer was cancelled
            }
        };
    }

    /** grpcurl and older tools still ask the v1alpha reflection service; newer ones ask v1 first. */
    @SuppressWarnings("deprecation")
    private static io.grpc.BindableService reflectionV1Alpha() {
        return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The port bound (useful when {@code grpc-port} asked for a free one). */
    public int port() {
        return server.getPort();
    }

    /**
     * Stops taking calls, ends the follows (UNAVAILABLE: resume elsewhere), lets the other calls finish for a few
     * seconds, then cancels what is left and closes. Idempotent.
     */
    @Override
    public void close() {
        health.stop();
        timer.shutdownNow();
        server.shutdown();
        reading.stopFollows();
        try {
            if (!server.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "gRPC work still running at close: " + executor.getActiveCount());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
