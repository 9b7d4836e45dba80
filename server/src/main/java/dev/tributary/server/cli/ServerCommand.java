package dev.tributary.server.cli;

import dev.tributary.server.Node;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary server}: runs a node until the process is stopped. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a Tributary node: embedded storage under --data and the HTTP API on --host:--port.",
            "Each setting can also come from an environment variable (TRIBUTARY_ + upper-case key, - as _, "
                    + "e.g. TRIBUTARY_MAX_EVENT_BYTES) or the YAML file named by --config (or TRIBUTARY_CONFIG); "
                    + "a flag wins over the environment, which wins over the file."
        })
final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file of key: value settings.")
    Path config;

    @Option(names = "--host", description = "Address to bind (default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "HTTP port, 0 picks a free one (default 8080).")
    String port;

    @Option(names = "--grpc-port", paramLabel = "PORT", description = "gRPC port on the same host, TLS and credentials as HTTP; 0 turns gRPC off, -1 picks a free one (default 8081, or a free one when --port is 0).")
    String grpcPort;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ./data).")
    String data;

    @Option(names = "--durability", paramLabel = "fsync|none", description = "fsync each group commit (default) or not.")
    String durability;

    @Option(names = "--segment-bytes", paramLabel = "SIZE", description = "Segment size of new buses, 1MiB..1GiB (default 64MiB).")
    String segmentBytes;

    @Option(names = "--dedup-window", paramLabel = "DURATION", description = "Duplicate window of new buses, ISO-8601 or 0 (default PT2M).")
    String dedupWindow;

    @Option(names = "--max-event-bytes", paramLabel = "SIZE", description = "Largest event, 1KiB..64MiB (default 1MiB).")
    String maxEventBytes;

    @Option(names = "--max-batch-events", paramLabel = "N", description = "Most events per batch, 1..100000 (default 1000).")
    String maxBatchEvents;

    @Option(names = "--max-batch-bytes", paramLabel = "SIZE", description = "Largest batch body (default 4MiB).")
    String maxBatchBytes;

    @Option(names = "--allow-private-sinks", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Let subscriptions deliver to loopback, private and link-local addresses (default false: refused, against SSRF).")
    String allowPrivateSinks;

    @Option(names = "--attempt-retention", paramLabel = "DURATION", description = "How long the attempt log keeps attempts, ISO-8601 (default P7D).")
    String attemptRetention;

    @Option(names = "--http-idle-timeout", paramLabel = "DURATION", description = "Close a connection idle this long; a kept-alive one must also send its next request head within it, PT1S..PT1H (default PT60S).")
    String httpIdleTimeout;

    @Option(names = "--http-header-timeout", paramLabel = "DURATION", description = "A new connection must complete its first request head within this (against slowloris), PT1S..PT5M (default PT10S).")
    String httpHeaderTimeout;

    @Option(names = "--http-max-connections", paramLabel = "N", description = "Most open HTTP connections; more are closed on accept, 1..1000000 (default 10000).")
    String httpMaxConnections;

    @Option(names = "--http-max-request-line-bytes", paramLabel = "SIZE", description = "Longest request line (414 beyond), 1KiB..64KiB (default 8KiB).")
    String httpMaxRequestLineBytes;

    @Option(names = "--http-max-header-bytes", paramLabel = "SIZE", description = "Largest request header block (431 beyond), 1KiB..1MiB (default 16KiB).")
    String httpMaxHeaderBytes;

    @Option(names = "--max-partitions", paramLabel = "N", description = "Most partitions a bus may be created with, 1..1024 (default 256).")
    String maxPartitions;

    @Option(names = "--writer-threads", paramLabel = "N", description = "Threads that write all partitions of all buses, 1..256 (default 16).")
    String writerThreads;

    @Option(names = "--allowed-sink-networks", paramLabel = "CIDR,...", description = "Non-public networks subscriptions may deliver to, e.g. 10.20.0.0/16,fd00::/8 (default none).")
    String allowedSinkNetworks;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", description = "Longest a stop may take before the process halts, PT1S..PT1H (default PT30S).")
    String shutdownTimeout;

    @Option(names = "--auth", paramLabel = "MODE", description = "keys (default): every request needs an API key or token; none: no checks, only on a loopback host.")
    String auth;

    @Option(names = "--jwt-jwks", paramLabel = "URL|FILE", description = "Also accept JWTs signed by the keys of this JWKS (an https URL or a file); needs --jwt-issuer and --jwt-audience.")
    String jwtJwks;

    @Option(names = "--jwt-issuer", paramLabel = "ISS", description = "The iss a JWT must carry.")
    String jwtIssuer;

    @Option(names = "--jwt-audience", paramLabel = "AUD", description = "The aud a JWT must include.")
    String jwtAudience;

    @Option(names = "--jwt-scopes-claim", paramLabel = "CLAIM", description = "The JWT claim that lists Tributary scopes (default scope).")
    String jwtScopesClaim;

    @Option(names = "--jwt-clock-skew", paramLabel = "DURATION", description = "How far exp and nbf may be off, 0..PT5M (default PT1M).")
    String jwtClockSkew;

    @Option(names = "--open-routes", paramLabel = "PATH,...", description = "Which of /health/ready, /metrics, /openapi.json answer without a credential (default /health/ready,/openapi.json).")
    String openRoutes;

    @Option(names = "--auth-failures-per-minute", paramLabel = "N", description = "Failed authentications per client address and minute before 429, 1..100000 (default 30).")
    String authFailuresPerMinute;

    @Option(names = "--audit-retention", paramLabel = "DURATION", description = "How long the audit log keeps an entry, PT1H..P3650D (default P90D).")
    String auditRetention;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS with this certificate chain (PEM, leaf first); re-read when it changes.")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The private key of --tls-cert (PEM).")
    String tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "PEM", description = "Accept client certificates issued by this CA (mutual TLS).")
    String tlsClientCa;

    @Option(names = "--tls-client-auth", paramLabel = "MODE", description = "optional (default): a client may present a certificate; required: it must.")
    String tlsClientAuth;

    @Option(names = "--tls-client-scopes", paramLabel = "FILE", description = "JSON file mapping client certificate subjects to scopes, e.g. {\"CN=billing\": [\"publish:invoices\"]}.")
    String tlsClientScopes;

    @Option(names = "--max-buses", paramLabel = "N", description = "Most buses on this node, dead-letter buses included (default 10000).")
    String maxBuses;

    @Option(names = "--max-subscriptions", paramLabel = "N", description = "Most subscriptions on this node (default 10000).")
    String maxSubscriptions;

    @Option(names = "--max-keys", paramLabel = "N", description = "Most API keys on this node, revoked ones included (default 1000).")
    String maxKeys;

    @Option(names = "--key-requests-per-second", paramLabel = "N", description = "Requests per second per key unless the key sets its own; 0: no limit (default).")
    String keyRequestsPerSecond;

    @Option(names = "--key-events-per-second", paramLabel = "N", description = "Events per second per key unless the key sets its own; 0: no limit (default).")
    String keyEventsPerSecond;

    @Override
    public Integer call() throws InterruptedException {
        CliContext context = CliContext.of(spec);
        NodeConfig nodeConfig = loadConfig(context.env());
        Node node = Node.start(nodeConfig);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            ShutdownDeadline deadline = ShutdownDeadline.start(nodeConfig.shutdownTimeout(), context.err());
            try {
                node.close();
            } finally {
                deadline.met();
                closed.countDown();
            }
        }, "tributary-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        context.out().println("Tributary " + Version.current() + " listening on " + nodeConfig.scheme() + "://" + nodeConfig.host() + ":"
                + node.port() + ", data in " + node.dataDir().toAbsolutePath());
        if (node.grpcPort() > 0) {
            context.out().println("gRPC API on " + nodeConfig.host() + ":" + node.grpcPort()
                    + (nodeConfig.tls().isPresent() ? " (TLS)" : " (plaintext)"));
        }
        node.adminKeyFile().ifPresent(file -> context.out().println("First start: made an admin key and wrote it to "
                + file + " (readable only by you). The CLI on this machine finds it there; for curl, run"
                + " export TRIBUTARY_TOKEN=$(cat " + file + ")"));
        if (!nodeConfig.auth().required()) {
            context.out().println("Authentication is off (--auth none): anyone who can reach " + nodeConfig.host()
                    + " can do anything");
        }
        context.out().flush();
        closed.await();
        return Cli.OK;
    }

    NodeConfig loadConfig(Map<String, String> env) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("host", host);
        flags.put("port", port);
        flags.put("data", data);
        flags.put("durability", durability);
        flags.put("segment-bytes", segmentBytes);
        flags.put("dedup-window", dedupWindow);
        flags.put("max-event-bytes", maxEventBytes);
        flags.put("max-batch-events", maxBatchEvents);
        flags.put("max-batch-bytes", maxBatchBytes);
        flags.put("allow-private-sinks", allowPrivateSinks);
        flags.put("attempt-retention", attemptRetention);
        flags.put("http-idle-timeout", httpIdleTimeout);
        flags.put("http-header-timeout", httpHeaderTimeout);
        flags.put("http-max-connections", httpMaxConnections);
        flags.put("http-max-request-line-bytes", httpMaxRequestLineBytes);
        flags.put("http-max-header-bytes", httpMaxHeaderBytes);
        flags.put("max-partitions", maxPartitions);
        flags.put("writer-threads", writerThreads);
        flags.put("allowed-sink-networks", allowedSinkNetworks);
        flags.put("shutdown-timeout", shutdownTimeout);
        flags.put("auth", auth);
        flags.put("jwt-jwks", jwtJwks);
        flags.put("jwt-issuer", jwtIssuer);
        flags.put("jwt-audience", jwtAudience);
        flags.put("jwt-scopes-claim", jwtScopesClaim);
        flags.put("jwt-clock-skew", jwtClockSkew);
        flags.put("open-routes", openRoutes);
        flags.put("auth-failures-per-minute", authFailuresPerMinute);
        flags.put("audit-retention", auditRetention);
        flags.put("tls-cert", tlsCert);
        flags.put("tls-key", tlsKey);
        flags.put("tls-client-ca", tlsClientCa);
        flags.put("tls-client-auth", tlsClientAuth);
        flags.put("tls-client-scopes", tlsClientScopes);
        flags.put("max-buses", maxBuses);
        flags.put("max-subscriptions", maxSubscriptions);
        flags.put("max-keys", maxKeys);
        flags.put("key-requests-per-second", keyRequestsPerSecond);
        flags.put("key-events-per-second", keyEventsPerSecond);
        flags.put("grpc-port", grpcPort);
        Path file = config != null ? config : (env.get("TRIBUTARY_CONFIG") == null ? null : Path.of(env.get("TRIBUTARY_CONFIG")));
        Map<String, String> fileValues = file == null ? Map.of() : ConfigLoader.readYaml(file);
        return ConfigLoader.load(flags, env, fileValues);
    }
}
