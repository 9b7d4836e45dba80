package dev.tributary.server;

import dev.tributary.broker.BusDefaults;
import dev.tributary.broker.BusSpec;
import dev.tributary.log.Durability;
import dev.tributary.log.WriterPool;
import dev.tributary.server.auth.AuthSettings;
import dev.tributary.server.auth.Loopback;
import dev.tributary.server.delivery.Cidr;
import dev.tributary.server.http.HttpLimits;
import dev.tributary.server.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of one node, validated once and then frozen. Each can be given as a flag of {@code tributary server},
 * an environment variable ({@code TRIBUTARY_} + upper-case key with {@code _}), or a key of the YAML file named by
 * {@code --config}; a flag wins over the environment, which wins over the file.
 *
 * @param host address the HTTP server binds ({@code host}, default 127.0.0.1)
 * @param port HTTP port ({@code port}, default 8080; 0 picks a free one)
 * @param dataDir where buses are stored ({@code data}, default ./data)
 * @param durability {@code fsync} (default) or {@code none} ({@code durability})
 * @param segmentBytes segment size for new buses ({@code segment-bytes}, default 64 MiB)
 * @param dedupWindow duplicate window for new buses ({@code dedup-window}, ISO-8601, default PT2M)
 * @param maxEventBytes largest accepted event, attributes and data ({@code max-event-bytes}, default 1 MiB)
 * @param maxBatchEvents most events in one batch request ({@code max-batch-events}, default 1000)
 * @param maxBatchBytes largest batch request body ({@code max-batch-bytes}, default 4 MiB)
 * @param allowPrivateSinks whether subscriptions may deliver to loopback, private and link-local addresses
 *     ({@code allow-private-sinks}, default false: such deliveries are refused, a guard against SSRF)
 * @param attemptRetention how long the attempt log keeps an attempt ({@code attempt-retention}, default P7D)
 * @param http the limits of the HTTP edge ({@code http-*} keys, see {@link HttpLimits})
 * @param maxPartitions the most partitions a bus may be created with ({@code max-partitions}, default 256, at most
 *     1024)
 * @param writerThreads the threads that write every partition of every bus ({@code writer-threads}, default 16)
 * @param allowedSinkNetworks non-public networks subscriptions may deliver to while {@code allowPrivateSinks} is off
 *     ({@code allowed-sink-networks}, a comma-separated list of CIDR blocks such as {@code 10.20.0.0/16}; default none)
 * @param shutdownTimeout how long a stop may take before the process halts regardless ({@code shutdown-timeout},
 *     default PT30S)
 * @param auth how requests are authenticated ({@code auth}, {@code jwt-*}, {@code open-routes},
 *     {@code auth-failures-per-minute}; see {@link AuthSettings}); {@code auth none} only on a loopback {@code host}
 * @param auditRetention how long the audit log keeps an entry ({@code audit-retention}, default P90D)
 * @param tls HTTPS instead of plain HTTP, and mutual TLS ({@code tls-*} keys, see {@link TlsSettings}; default none)
 * @param limits counts per node and rates per caller ({@code max-buses}, {@code max-subscriptions}, {@code max-keys},
 *     {@code key-requests-per-second}, {@code key-events-per-second}; see {@link NodeLimits})
 * @param grpcPort the gRPC API's port, on the same {@code host} and with the same TLS and credentials as HTTP
 *     ({@code grpc-port}, default 8081; {@link #GRPC_OFF 0} turns gRPC off, {@link #GRPC_FREE_PORT -1} picks a free
 *     port; a node whose HTTP {@code port} is 0 and whose {@code grpc-port} is not set picks a free one too, so that
 *     ephemeral nodes never collide on 8081)
 */
public record NodeConfig(
        String host,
        int port,
        Path dataDir,
        Durability durability,
        long segmentBytes,
        Duration dedupWindow,
        int maxEventBytes,
        int maxBatchEvents,
        int maxBatchBytes,
        boolean allowPrivateSinks,
        Duration attemptRetention,
        HttpLimits http,
        int maxPartitions,
        int writerThreads,
        List<Cidr> allowedSinkNetworks,
        Duration shutdownTimeout,
        AuthSettings auth,
        Duration auditRetention,
        Optional<TlsSettings> tls,
        NodeLimits limits,
        int grpcPort) {

    public static final int DEFAULT_GRPC_PORT = 8081;
    /** {@code grpc-port} 0: no gRPC server. */
    public static final int GRPC_OFF = 0;
    /** {@code grpc-port} -1: any free port (see {@link Node#grpcPort()}). */
    public static final int GRPC_FREE_PORT = -1;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(90);

    public NodeConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("data must be a directory path");
        }
        if (durability == null) {
            throw new IllegalArgumentException("durability must be fsync or none");
        }
        if (segmentBytes < 1024 * 1024 || segmentBytes > 1024L * 1024 * 1024) {
            throw new IllegalArgumentException("segment-bytes must be within 1 MiB..1 GiB, was " + segmentBytes);
        }
        if (dedupWindow == null || dedupWindow.isNegative()) {
            throw new IllegalArgumentException("dedup-window must be zero (off) or a positive duration, was " + dedupWindow);
        }
        if (maxEventBytes < 1024 || maxEventBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("max-event-bytes must be within 1 KiB..64 MiB, was " + maxEventBytes);
        }
        if (maxBatchEvents < 1 || maxBatchEvents > 100_000) {
            throw new IllegalArgumentException("max-batch-events must be within 1..100000, was " + maxBatchEvents);
        }
        if (attemptRetention == null || attemptRetention.compareTo(Duration.ofMinutes(1)) < 0
                || attemptRetention.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("attempt-retention must be within PT1M..P3650D, was " + attemptRetention);
        }
        if (maxBatchBytes < maxEventBytes || maxBatchBytes > 256 * 1024 * 1024) {
            throw new IllegalArgumentException(
                    "max-batch-bytes must be within max-event-bytes.." + (256 * 1024 * 1024) + ", was " + maxBatchBytes);
        }
        if (http == null) {
            throw new IllegalArgumentException("http must be given (HttpLimits.defaults() for the defaults)");
        }
        if (maxPartitions < 1 || maxPartitions > BusSpec.MAX_PARTITIONS) {
            throw new IllegalArgumentException(
                    "max-partitions must be within 1.." + BusSpec.MAX_PARTITIONS + ", was " + maxPartitions);
        }
        if (writerThreads < 1 || writerThreads > WriterPool.MAX_THREADS) {
            throw new IllegalArgumentException(
                    "writer-threads must be within 1.." + WriterPool.MAX_THREADS + ", was " + writerThreads);
        }
        allowedSinkNetworks = List.copyOf(allowedSinkNetworks);
        if (shutdownTimeout == null || shutdownTimeout.compareTo(Duration.ofSeconds(1)) < 0
                || shutdownTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("shutdown-timeout must be within PT1S..PT1H, was " + shutdownTimeout);
        }
        if (auth == null) {
            throw new IllegalArgumentException("auth must be given (AuthSettings.defaults() for the defaults)");
        }
        if (!auth.required() && !Loopback.is(host)) {
            throw new IllegalArgumentException("auth none is allowed only when the node listens on loopback, and host"
                    + " is " + host + ": anyone who can reach it could read, change and delete everything; keep auth"
                    + " on (keys) or listen on 127.0.0.1");
        }
        if (auditRetention == null || auditRetention.compareTo(Duration.ofHours(1)) < 0
                || auditRetention.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("audit-retention must be within PT1H..P3650D, was " + auditRetention);
        }
        tls = tls == null ? Optional.empty() : tls;
        if (limits == null) {
            throw new IllegalArgumentException("limits must be given (NodeLimits.defaults() for the defaults)");
        }
        if (grpcPort < GRPC_FREE_PORT || grpcPort > 65535) {
            throw new IllegalArgumentException(
                    "grpc-port must be within -1..65535 (0: off, -1: a free port), was " + grpcPort);
        }
        if (grpcPort > 0 && grpcPort == port) {
            throw new IllegalArgumentException("grpc-port must differ from port, both are " + port);
        }
    }

    /** The gRPC port a node gets when {@code grpc-port} is not set: 8081, or a free one when {@code port} is 0. */
    public static int defaultGrpcPort(int port) {
        return port == 0 ? GRPC_FREE_PORT : DEFAULT_GRPC_PORT;
    }

    /** The settings with the default HTTP limits. */
    public NodeConfig(String host, int port, Path dataDir, Durability durability, long segmentBytes,
            Duration dedupWindow, int maxEventBytes, int maxBatchEvents, int maxBatchBytes, boolean allowPrivateSinks,
            Duration attemptRetention) {
        this(host, port, dataDir, durability, segmentBytes, dedupWindow, maxEventBytes, maxBatchEvents, maxBatchBytes,
                allowPrivateSinks, attemptRetention, HttpLimits.defaults(), BusDefaults.DEFAULT_MAX_PARTITIONS,
                WriterPool.DEFAULT_THREADS, List.of(), DEFAULT_SHUTDOWN_TIMEOUT, AuthSettings.defaults(),
                DEFAULT_AUDIT_RETENTION, Optional.empty(), NodeLimits.defaults(), defaultGrpcPort(port));
    }

    public static NodeConfig defaults() {
        return new NodeConfig(
                "127.0.0.1",
                8080,
                Path.of("data"),
                Durability.FSYNC,
                64L * 1024 * 1024,
                Duration.ofMinutes(2),
                1024 * 1024,
                1000,
                4 * 1024 * 1024,
                false,
                Duration.ofDays(7),
                HttpLimits.defaults(),
                BusDefaults.DEFAULT_MAX_PARTITIONS,
                WriterPool.DEFAULT_THREADS,
                List.of(),
                DEFAULT_SHUTDOWN_TIMEOUT,
                AuthSettings.defaults(),
                DEFAULT_AUDIT_RETENTION,
                Optional.empty(),
                NodeLimits.defaults(),
                DEFAULT_GRPC_PORT);
    }

    /** The storage settings every bus of the node gets. */
    public BusDefaults busDefaults() {
        return new BusDefaults(durability, segmentBytes, dedupWindow, maxPartitions, writerThreads, limits.maxBuses());
    }

    /** The settings with another HTTP port; 0 (a free port) moves a default gRPC port to a free one too. */
    public NodeConfig withPort(int value) {
        int grpc = value == 0 && grpcPort == DEFAULT_GRPC_PORT ? GRPC_FREE_PORT : grpcPort;
        return new NodeConfig(host, value, dataDir, durability, segmentBytes, dedupWindow, maxEventBytes, maxBatchEvents, maxBatchBytes, allowPrivateSinks, attemptRetention, http, maxPartitions, writerThreads, allowedSinkNetworks, shutdownTimeout, auth, auditRetention, tls, limits, grpc);
    }

    public NodeConfig withGrpcPort(int value) {
        return new NodeConfig(host, port, dataDir, durability, segmentBytes, dedupWindow, maxEventBytes, maxBatchEvents, maxBatchBytes, allowPrivateSinks, attemptRetention, http, maxPartitions, writerThreads, allowedSinkNetworks, shutdownTimeout, auth, auditRetention, tls, limits, value);
    }

    public NodeConfig withDataDir(Path value) {
        return new NodeConfig(host, port, value, durability, segmentBytes, dedupWindow, maxEventBytes, maxBatchEvents, maxBatchBytes, allowPrivateSinks, attemptRetention, http, maxPartitions, writerThreads, allowedSinkNetworks, shutdownTimeout, auth, auditRetention, tls, limits, grpcPort);
    }

    public NodeConfig withHttp(HttpLimits value) {
        return new NodeConfig(host, port, dataDir, durability, segmentBytes, dedupWindow, maxEventBytes, maxBatchEvents, maxBatchBytes, allowPrivateSinks, attemptRetention, value, maxPartitions, writerThreads, allowedSinkNetworks, shutdownTimeout, auth, auditRetention, tls, limits, grpcPort);
    }

    public NodeConfig withShutdownTimeout(Duration value) {
        return new NodeConfig(host, port, dataDir, durability, segmentBytes, dedupWindow, maxEventBytes, maxBatchEvents, maxBatchBytes, allowPrivateSinks, attemptRetention, http, maxPartitions, writerThreads, allowedSinkNetworks, value, auth, auditRetention, tls, limits, grpcPort);
    }

    public NodeConfig withAuth(AuthSettings value) {
        return new NodeConfig(host, port, dataDir, durability, segmentBytes, dedupWindow, maxEventBytes, maxBatchEvents, maxBatchBytes, allowPrivateSinks, attemptRetention, http, maxPartitions, writerThreads, allowedSinkNetworks, shutdownTimeout, value, auditRetention, tls, limits, grpcPort);
    }

    public NodeConfig withTls(TlsSettings value) {
        return new NodeConfig(host, port, dataDir, durability, segmentBytes, dedupWindow, maxEventBytes, maxBatchEvents, maxBatchBytes, allowPrivateSinks, attemptRetention, http, maxPartitions, writerThreads, allowedSinkNetworks, shutdownTimeout, auth, auditRetention, Optional.of(value), limits, grpcPort);
    }

    public NodeConfig withLimits(NodeLimits value) {
        return new NodeConfig(host, port, dataDir, durability, segmentBytes, dedupWindow, maxEventBytes, maxBatchEvents, maxBatchBytes, allowPrivateSinks, attemptRetention, http, maxPartitions, writerThreads, allowedSinkNetworks, shutdownTimeout, auth, auditRetention, tls, value, grpcPort);
    }

    /** {@code https} with TLS settings, else {@code http}. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    public NodeConfig withAllowPrivateSinks(boolean value) {
        return new NodeConfig(host, port, dataDir, durability, segmentBytes, dedupWindow, maxEventBytes, maxBatchEvents, maxBatchBytes, value, attemptRetention, http, maxPartitions, writerThreads, allowedSinkNetworks, shutdownTimeout, auth, auditRetention, tls, limits, grpcPort);
    }
}
