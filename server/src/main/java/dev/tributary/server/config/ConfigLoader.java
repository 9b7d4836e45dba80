package dev.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.broker.BusSpec;
import dev.tributary.log.Durability;
import dev.tributary.log.WriterPool;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.NodeLimits;
import dev.tributary.server.auth.RateLimits;
import dev.tributary.server.auth.AuthSettings;
import dev.tributary.server.auth.JwtSettings;
import dev.tributary.server.delivery.Cidr;
import dev.tributary.server.http.HttpLimits;
import dev.tributary.server.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link NodeConfig} from three layers: flags of {@code tributary server} (a flag wins), environment
 * variables ({@code TRIBUTARY_} + upper-case key, {@code -} as {@code _}), and a YAML file of {@code key: value}
 * lines; anything unset keeps its {@link NodeConfig#defaults() default}. Pure: the environment and the file contents
 * are passed in, so it is tested without touching the process. Failures are {@link ConfigException}s naming the key,
 * where the value came from and the allowed range.
 *
 * <p>Values: sizes are integers, optionally with {@code KiB}, {@code MiB} or {@code GiB}; durations are ISO-8601
 * ({@code PT2M}) or {@code 0}; {@code durability} is {@code fsync} or {@code none}; switches are {@code true} or
 * {@code false}.
 */
public final class ConfigLoader {
    /** The keys, in the order of {@link NodeConfig}'s components (the {@code http-*} ones are {@link HttpLimits}'). */
    public static final List<String> KEYS = List.of(
            "host", "port", "data", "durability", "segment-bytes", "dedup-window", "max-event-bytes",
            "max-batch-events", "max-batch-bytes", "allow-private-sinks", "attempt-retention",
            "http-idle-timeout", "http-header-timeout", "http-max-connections", "http-max-request-line-bytes",
            "http-max-header-bytes", "max-partitions", "writer-threads", "allowed-sink-networks", "shutdown-timeout",
            "auth", "jwt-jwks", "jwt-issuer", "jwt-audience", "jwt-scopes-claim", "jwt-clock-skew", "open-routes",
            "auth-failures-per-minute", "audit-retention", "tls-cert", "tls-key", "tls-client-ca", "tls-client-auth",
            "tls-client-scopes", "max-buses", "max-subscriptions", "max-keys", "key-requests-per-second",
            "key-events-per-second", "grpc-port");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {}

    /** The environment variable for {@code key}: {@code max-event-bytes} → {@code TRIBUTARY_MAX_EVENT_BYTES}. */
    public static String envName(String key) {
        return "TRIBUTARY_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * Reads a YAML config file into raw values.
     *
     * @throws ConfigException if it cannot be read, is not a mapping of scalars, or has an unknown key
     */
    public static Map<String, String> readYaml(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("config: cannot read " + file.toAbsolutePath() + " (" + e.getMessage() + ")");
        }
        return parseYaml(text, file.toString());
    }

    /** Parses YAML text (named {@code name} in errors) into raw values. */
    public static Map<String, String> parseYaml(String text, String name) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new ConfigException("config: " + name + " is not valid YAML (" + firstLine(e.getMessage()) + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw new ConfigException("config: " + name + " must be a mapping of key: value lines");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            if (!KEYS.contains(key)) {
                throw new ConfigException("config: unknown key '" + key + "' in " + name + "; known keys: "
                        + String.join(", ", KEYS));
            }
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isValueNode()) {
                throw new ConfigException(key + ": must be a single value in " + name);
            }
            values.put(key, value.asText());
        }
        return values;
    }

    /**
     * Merges the layers and validates the result.
     *
     * @param flags raw values given as flags, by key (only those given)
     * @param env the process environment (or a test map)
     * @param file raw values from the YAML file, by key (empty if none)
     */
    public static NodeConfig load(Map<String, String> flags, Map<String, String> env, Map<String, String> file) {
        for (String key : flags.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("not a config key: " + key);
            }
        }
        Map<String, Source> chosen = new LinkedHashMap<>();
        for (String key : KEYS) {
            if (flags.get(key) != null) {
                chosen.put(key, new Source(flags.get(key), "flag --" + key));
            } else if (env.get(envName(key)) != null) {
                chosen.put(key, new Source(env.get(envName(key)), "environment variable " + envName(key)));
            } else if (file.get(key) != null) {
                chosen.put(key, new Source(file.get(key), "config file"));
            }
        }
        NodeConfig d = NodeConfig.defaults();
        String host = string(chosen, "host", d.host());
        int port = (int) integer(chosen, "port", d.port(), 0, 65535, false);
        Path data = chosen.containsKey("data") ? Path.of(string(chosen, "data", null)) : d.dataDir();
        Durability durability = durability(chosen, d.durability());
        long segmentBytes = integer(chosen, "segment-bytes", d.segmentBytes(), 1L << 20, 1L << 30, true);
        Duration dedupWindow = duration(chosen, "dedup-window", d.dedupWindow());
        int maxEventBytes = (int) integer(chosen, "max-event-bytes", d.maxEventBytes(), 1L << 10, 64L << 20, true);
        int maxBatchEvents = (int) integer(chosen, "max-batch-events", d.maxBatchEvents(), 1, 100_000, false);
        int maxBatchBytes = (int) integer(chosen, "max-batch-bytes", d.maxBatchBytes(), 1L << 10, 256L << 20, true);
        boolean allowPrivateSinks = bool(chosen, "allow-private-sinks", d.allowPrivateSinks());
        Duration attemptRetention = duration(chosen, "attempt-retention", d.attemptRetention());
        HttpLimits h = d.http();
        Duration idleTimeout = duration(chosen, "http-idle-timeout", h.idleTimeout());
        Duration headerTimeout = duration(chosen, "http-header-timeout", h.headerTimeout());
        int maxConnections = (int) integer(chosen, "http-max-connections", h.maxConnections(), 1, 1_000_000, false);
        int maxRequestLine = (int) integer(
                chosen, "http-max-request-line-bytes", h.maxRequestLineBytes(), 1L << 10, 64L << 10, true);
        int maxHeader = (int) integer(chosen, "http-max-header-bytes", h.maxHeaderBytes(), 1L << 10, 1L << 20, true);
        int maxPartitions = (int) integer(chosen, "max-partitions", d.maxPartitions(), 1, BusSpec.MAX_PARTITIONS, false);
        int writerThreads = (int) integer(chosen, "writer-threads", d.writerThreads(), 1, WriterPool.MAX_THREADS, false);
        List<Cidr> sinkNetworks = networks(chosen, "allowed-sink-networks", d.allowedSinkNetworks());
        Duration shutdownTimeout = duration(chosen, "shutdown-timeout", d.shutdownTimeout());
        Duration auditRetention = duration(chosen, "audit-retention", d.auditRetention());
        int grpcPort = (int) integer(chosen, "grpc-port", NodeConfig.defaultGrpcPort(port), -1, 65535, false);
        try {
            AuthSettings auth = auth(chosen, d.auth());
            NodeLimits dl = d.limits();
            NodeLimits limits = new NodeLimits(
                    (int) integer(chosen, "max-buses", dl.maxBuses(), 1, 1_000_000, false),
                    (int) integer(chosen, "max-subscriptions", dl.maxSubscriptions(), 1, 1_000_000, false),
                    (int) integer(chosen, "max-keys", dl.maxKeys(), 1, 1_000_000, false),
                    integer(chosen, "key-requests-per-second", dl.keyRequestsPerSecond(), 0, RateLimits.MAX, false),
                    integer(chosen, "key-events-per-second", dl.keyEventsPerSecond(), 0, RateLimits.MAX, false));
            Optional<TlsSettings> tls = TlsSettings.of(string(chosen, "tls-cert", null), string(chosen, "tls-key", null),
                    string(chosen, "tls-client-ca", null), string(chosen, "tls-client-auth", null),
                    string(chosen, "tls-client-scopes", null));
            return new NodeConfig(
                    host, port, data, durability, segmentBytes, dedupWindow, maxEventBytes, maxBatchEvents,
                    maxBatchBytes, allowPrivateSinks, attemptRetention,
                    new HttpLimits(idleTimeout, headerTimeout, maxConnections, maxRequestLine, maxHeader),
                    maxPartitions, writerThreads, sinkNetworks, shutdownTimeout, auth, auditRetention, tls, limits, grpcPort);
        } catch (IllegalArgumentException e) {
            // NodeConfig's messages start with the key; say where its value came from.
            String message = e.getMessage();
            String key = message.split(" ", 2)[0];
            Source source = chosen.get(key);
            throw new ConfigException(message + (source == null ? " (default)" : " (from " + source.origin() + ")"));
        }
    }

    private record Source(String value, String origin) {}

    private static AuthSettings auth(Map<String, Source> chosen, AuthSettings d) {
        boolean required = chosen.containsKey("auth") ? AuthSettings.parseMode(string(chosen, "auth", null)) : d.required();
        Optional<JwtSettings> jwt = JwtSettings.of(string(chosen, "jwt-jwks", null), string(chosen, "jwt-issuer", null),
                string(chosen, "jwt-audience", null), string(chosen, "jwt-scopes-claim", null),
                duration(chosen, "jwt-clock-skew", null));
        Set<String> open = d.openRoutes();
        if (chosen.containsKey("open-routes")) {
            open = new LinkedHashSet<>();
            for (String route : chosen.get("open-routes").value().split(",")) {
                if (!route.isBlank()) {
                    open.add(route.strip());
                }
            }
        }
        int failures = (int) integer(chosen, "auth-failures-per-minute", d.maxFailuresPerMinute(), 1, 100_000, false);
        return new AuthSettings(required, jwt, open, failures);
    }

    private static String string(Map<String, Source> chosen, String key, String fallback) {
        Source s = chosen.get(key);
        if (s == null) {
            return fallback;
        }
        if (s.value().isBlank()) {
            throw new ConfigException(key + ": must not be empty (from " + s.origin() + ")");
        }
        return s.value().strip();
    }

    private static long integer(Map<String, Source> chosen, String key, long fallback, long min, long max, boolean size) {
        Source s = chosen.get(key);
        if (s == null) {
            return fallback;
        }
        String range = size ? min + ".." + max + " bytes (" + human(min) + ".." + human(max) + ")" : min + ".." + max;
        String what = size ? "a size in bytes, optionally with KiB, MiB or GiB," : "an integer";
        long value;
        try {
            value = size ? parseSize(s.value().strip()) : Long.parseLong(s.value().strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": must be " + what + " within " + range + ", was '" + s.value() + "' (from "
                    + s.origin() + ")");
        }
        if (value < min || value > max) {
            throw new ConfigException(
                    key + ": must be within " + range + ", was " + s.value().strip() + " (from " + s.origin() + ")");
        }
        return value;
    }

    static long parseSize(String text) {
        long unit = 1;
        String digits = text;
        for (String[] suffix : new String[][] {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}}) {
            if (text.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                digits = text.substring(0, text.length() - suffix[0].length()).strip();
            }
        }
        return Math.multiplyExact(Long.parseLong(digits), unit);
    }

    private static String human(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) return (bytes >> 30) + " GiB";
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) return (bytes >> 10) + " KiB";
        return bytes + " B";
    }

    private static Duration duration(Map<String, Source> chosen, String key, Duration fallback) {
        Source s = chosen.get(key);
        if (s == null) {
            return fallback;
        }
        String text = s.value().strip();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        try {
            Duration value = Duration.parse(text);
            if (value.isNegative()) {
                throw new DateTimeParseException("negative", text, 0);
            }
            return value;
        } catch (DateTimeParseException e) {
            throw new ConfigException(key + ": must be 0 (off) or a positive ISO-8601 duration such as PT2M, was '"
                    + s.value() + "' (from " + s.origin() + ")");
        }
    }

    /** A comma-separated list of CIDR blocks; empty text is the empty list. */
    private static List<Cidr> networks(Map<String, Source> chosen, String key, List<Cidr> fallback) {
        Source s = chosen.get(key);
        if (s == null) {
            return fallback;
        }
        List<Cidr> blocks = new ArrayList<>();
        for (String part : s.value().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                blocks.add(Cidr.parse(part.strip()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": must be a comma-separated list of CIDR blocks such as 10.20.0.0/16,"
                        + " but '" + part.strip() + "' is not one: " + e.getMessage() + " (from " + s.origin() + ")");
            }
        }
        return blocks;
    }

    private static boolean bool(Map<String, Source> chosen, String key, boolean fallback) {
        Source s = chosen.get(key);
        if (s == null) {
            return fallback;
        }
        return switch (s.value().strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(
                    key + ": must be true or false, was '" + s.value() + "' (from " + s.origin() + ")");
        };
    }

    private static Durability durability(Map<String, Source> chosen, Durability fallback) {
        Source s = chosen.get("durability");
        if (s == null) {
            return fallback;
        }
        return switch (s.value().strip().toLowerCase(Locale.ROOT)) {
            case "fsync" -> Durability.FSYNC;
            case "none" -> Durability.NONE;
            default -> throw new ConfigException(
                    "durability: must be fsync or none, was '" + s.value() + "' (from " + s.origin() + ")");
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
