package dev.tributary.server;

import dev.tributary.broker.Buses;
import dev.tributary.broker.delivery.DeliveryRecords;
import dev.tributary.broker.delivery.Dispatchers;
import dev.tributary.broker.store.AuditLog;
import dev.tributary.broker.schema.SchemaRegistry;
import dev.tributary.broker.store.MetadataStore;
import dev.tributary.broker.subscription.Subscriptions;
import dev.tributary.server.auth.AdminKeyFile;
import dev.tributary.server.auth.ApiKeys;
import dev.tributary.server.auth.RateLimiter;
import dev.tributary.server.auth.Security;
import dev.tributary.server.delivery.HttpSinkFactory;
import dev.tributary.server.grpc.GrpcServer;
import dev.tributary.server.hooks.HookLimits;
import dev.tributary.server.hooks.Hooks;
import dev.tributary.server.tls.ClientCertificates;
import dev.tributary.server.tls.TlsSettings;
import dev.tributary.server.delivery.OutboundPolicy;
import dev.tributary.server.http.ConnectionLimit;
import dev.tributary.server.http.HttpApi;
import dev.tributary.server.http.IngestChecks;
import dev.tributary.server.http.SchemaCheck;
import dev.tributary.server.http.HttpVerticle;
import dev.tributary.server.metrics.NodeMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Tributary node: embedded storage under the data directory, the HTTP API and the gRPC API. Start with
 * {@link #start(NodeConfig)}, stop with {@link #close()}. Thread-safe.
 *
 * <p>The data directory is locked ({@code .lock}) so that two nodes never write the same files.
 */
public final class Node implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Node.class.getName());
    static final long RETENTION_PERIOD_MILLIS = 30_000;
    static final long ATTEMPT_PURGE_PERIOD_MILLIS = 10 * 60_000;
    /** Subscriptions, their offsets, retries and attempts (SQLite). */
    static final String METADATA_FILE = "metadata.db";

    private final NodeConfig config;
    private final Path dataDir;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final Buses buses;
    private final MetadataStore metadata;
    private final Subscriptions subscriptions;
    private final Vertx vertx;
    private final HttpSinkFactory httpSinks;
    private final Dispatchers dispatchers;
    private final DeliveryRecords deliveries;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final StorageHealth storage;
    private final Security security;
    private final Optional<Path> adminKeyFile;
    private final AtomicInteger auditPending = new AtomicInteger();
    private final Hooks hooks;
    private final SchemaCheck schemas;
    private final IngestChecks ingest;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int port;
    /** The gRPC listener, null when {@code grpc-port} is 0. */
    private volatile GrpcServer grpc;

    private Node(NodeConfig config, Path dataDir, FileChannel lockFile, FileLock lock, Buses buses,
            MetadataStore metadata, Subscriptions subscriptions, Vertx vertx, NodeMetrics metrics, StorageHealth storage) {
        this.config = config;
        this.dataDir = dataDir;
        this.lockFile = lockFile;
        this.lock = lock;
        this.buses = buses;
        this.metadata = metadata;
        this.subscriptions = subscriptions;
        this.vertx = vertx;
        this.storage = storage;
        OutboundPolicy outbound = new OutboundPolicy(config.allowPrivateSinks(), config.allowedSinkNetworks());
        this.httpSinks = new HttpSinkFactory(vertx, Clock.systemUTC(), outbound);
        metrics.countRetriesWith(id -> metadata.retries().count(id));
        this.dispatchers = new Dispatchers(
                buses, metadata, subscriptions, httpSinks, Clock.systemUTC(), metrics.deliveries());
        this.deliveries = new DeliveryRecords(metadata, buses, subscriptions, Clock.systemUTC(), dispatchers::circuitView);
        ApiKeys keys = new ApiKeys(metadata.keys(), Clock.systemUTC(),
                task -> vertx.executeBlocking(() -> {
                    task.run();
                    return null;
                }, false), config.limits().maxKeys());
        this.security = Security.of(config.auth(), keys, Clock.systemUTC(),
                new ClientCertificates(config.tls().flatMap(TlsSettings::clientScopes)),
                new RateLimiter(config.limits().keyDefaults()));
        this.adminKeyFile = config.auth().required() ? AdminKeyFile.bootstrap(keys, dataDir) : Optional.empty();
        // a hook's body becomes one event's data, so the event limit is the body limit
        this.schemas = new SchemaCheck(SchemaRegistry.create(metadata.schemas(), Clock.systemUTC()),
                metadata.enforcement(), metrics);
        this.ingest = new IngestChecks(security.rates(), schemas);
        this.hooks = new Hooks(metadata.hooks(), new HookLimits(config.maxEventBytes(), config.maxBatchEvents()),
                Clock.systemUTC());
    }

    /**
     * Opens the storage (recovering it after an unclean stop) and starts serving; returns once listening.
     *
     * @throws IllegalStateException if another node holds the data directory or the port cannot be bound
     */
    public static Node start(NodeConfig config) {
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        FileChannel lockFile = null;
        try {
            Files.createDirectories(dataDir);
            lockFile = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockFile.tryLock();
            if (lock == null) {
                throw new IllegalStateException("data directory " + dataDir + " is in use by another node");
            }
            NodeMetrics metrics = new NodeMetrics();
            StorageHealth storage = new StorageHealth();
            Buses buses = Buses.open(
                    dataDir,
                    config.busDefaults(),
                    Clock.systemUTC(),
                    bus -> storage.watching(metrics.forBus(bus)));
            buses.list().forEach(metrics::busOpened);
            MetadataStore metadata = openMetadata(dataDir, buses);
            Subscriptions subscriptions =
                    new Subscriptions(metadata, buses, Clock.systemUTC(), metrics::filterErrors,
                            config.limits().maxSubscriptions());
            Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
            Node node = new Node(
                    config, dataDir, lockFile, lock, buses, metadata, subscriptions, vertx, metrics, storage);
            node.serve(metrics);
            return node;
        } catch (IOException e) {
            closeQuietly(lockFile);
            throw new UncheckedIOException("cannot open data directory " + dataDir, e);
        } catch (RuntimeException e) {
            closeQuietly(lockFile);
            throw e;
        }
    }

    private static MetadataStore openMetadata(Path dataDir, Buses buses) {
        try {
            return MetadataStore.openSqlite(dataDir.resolve(METADATA_FILE));
        } catch (RuntimeException e) {
            buses.close();
            throw e;
        }
    }

    /** Drops attempts and audit entries older than their configured retention. */
    private int purgeHistory() {
        metadata.audit().purgeBefore(Clock.systemUTC().instant().minus(config.auditRetention()));
        return metadata.attempts().purgeBefore(Clock.systemUTC().instant().minus(config.attemptRetention()));
    }

    private void serve(NodeMetrics metrics) {
        try {
            int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
            port = config.port() != 0 ? listen(config.port(), instances, metrics) : listenOnAFreePort(instances, metrics);
            vertx.setPeriodic(RETENTION_PERIOD_MILLIS, id -> vertx.executeBlocking(buses::enforceRetention, false));
            vertx.setPeriodic(ATTEMPT_PURGE_PERIOD_MILLIS, id -> vertx.executeBlocking(this::purgeHistory, false));
            dispatchers.start();
            ready.set(true);
            if (config.grpcPort() != NodeConfig.GRPC_OFF) {
                // once ready, so that its health service answers SERVING from the first probe
                grpc = GrpcServer.start(config, buses, security, ingest, metrics, this::ready, vertx);
            }
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException(
                    "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Port 0 asks for any free port. Vert.x shares a port between server instances only when they name it, so we
     * pick a free port and bind every instance to it, retrying if another process took it in between.
     */
    private int listenOnAFreePort(int instances, NodeMetrics metrics) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int candidate;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(config.host()))) {
                candidate = probe.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on " + config.host(), e);
            }
            try {
                return listen(candidate, instances, metrics);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    private int listen(int bindPort, int instances, NodeMetrics metrics) {
        // one count for all instances: http-max-connections is per node
        ConnectionLimit connections = new ConnectionLimit(config.http().maxConnections());
        await(vertx.deployVerticle(
                () -> new HttpVerticle(config.host(), bindPort, config.http(), connections,
                        v -> HttpApi.router(v, buses, subscriptions, deliveries, config, metrics, this::ready,
                                security, metadata.audit(), auditPending, hooks, ingest), config.tls()),
                new DeploymentOptions().setInstances(instances)));
        return bindPort;
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }

    /** Serving, and the storage takes writes. */
    private boolean ready() {
        return ready.get() && storage.up();
    }

    public int port() {
        return port;
    }

    /** The gRPC port bound (the one picked, when {@code grpc-port} asked for a free one); 0 when gRPC is off. */
    public int grpcPort() {
        GrpcServer server = grpc;
        return server == null ? 0 : server.port();
    }

    public String host() {
        return config.host();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Security security() {
        return security;
    }

    public AuditLog audit() {
        return metadata.audit();
    }

    public Hooks hooks() {
        return hooks;
    }

    public SchemaCheck schemas() {
        return schemas;
    }

    /** Where this start wrote the node's first admin key, if it made one (the first start with auth on). */
    public Optional<Path> adminKeyFile() {
        return adminKeyFile;
    }

    public Buses buses() {
        return buses;
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    public DeliveryRecords deliveries() {
        return deliveries;
    }

    /** Stops serving, drains queued appends and closes the storage. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready.set(false);
        if (grpc != null) {
            // before the storage closes: calls in flight get their answers, follows end with UNAVAILABLE
            grpc.close();
        }
        // Deliveries first: they commit what completed, and may still publish dead letters to the buses.
        dispatchers.close();
        httpSinks.close();
        try {
            await(vertx.close());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the HTTP server failed", e);
        }
        metadata.close();
        buses.close();
        try {
            lock.release();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing " + dataDir + "/.lock failed", e);
        }
        closeQuietly(lockFile);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
