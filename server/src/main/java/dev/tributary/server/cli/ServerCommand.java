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
        context.out().println("Tributary " + Version.current() + " listening on http://" + nodeConfig.host() + ":"
                + node.port() + ", data in " + node.dataDir().toAbsolutePath());
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
        Path file = config != null ? config : (env.get("TRIBUTARY_CONFIG") == null ? null : Path.of(env.get("TRIBUTARY_CONFIG")));
        Map<String, String> fileValues = file == null ? Map.of() : ConfigLoader.readYaml(file);
        return ConfigLoader.load(flags, env, fileValues);
    }
}
