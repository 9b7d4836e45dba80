package dev.tributary.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.log.BusLog;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import dev.tributary.log.StorageUnavailableException;
import dev.tributary.log.WriterPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The catalog of buses of one node, stored under {@code <data>/buses/<name>/}: a {@code bus.json} with the bus's
 * {@link BusSpec} (written crash-safely: temp file, fsync, rename) and the log's partition folders beside it.
 *
 * <p>Thread-safe: lookups are lock-free; creating and deleting are serialized. All logs write on one
 * {@link WriterPool} of {@link BusDefaults#writerThreads()} threads, however many buses and partitions there are.
 */
public final class Buses implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Buses.class.getName());
    private static final String SPEC_FILE = "bus.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final BusDefaults defaults;
    private final Clock clock;
    private final Function<String, LogListener> listeners;
    private final Map<String, Bus> buses = new ConcurrentHashMap<>();
    private final WriterPool writers;

    private Buses(Path root, BusDefaults defaults, Clock clock, Function<String, LogListener> listeners) {
        this.root = root;
        this.defaults = defaults;
        this.writers = WriterPool.of(defaults.writerThreads());
        this.clock = clock;
        this.listeners = listeners;
    }

    /**
     * Opens every bus found under {@code dataDir/buses}, recovering each log. Folders left by an interrupted create
     * or delete (no {@code bus.json}, or a {@code .deleted} suffix) are removed.
     *
     * @param listeners makes the log listener of a bus, by bus name (metrics)
     */
    public static Buses open(Path dataDir, BusDefaults defaults, Clock clock, Function<String, LogListener> listeners) {
        Path root = dataDir.resolve("buses");
        Buses buses = new Buses(root, defaults, clock, listeners);
        try {
            Files.createDirectories(root);
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.sorted().toList()) {
                    buses.load(dir);
                }
            }
        } catch (IOException e) {
            buses.close();
            throw new UncheckedIOException("cannot open buses in " + root, e);
        }
        return buses;
    }

    private void load(Path dir) throws IOException {
        Path specFile = dir.resolve(SPEC_FILE);
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (dir.getFileName().toString().endsWith(".deleted") || !Files.exists(specFile)) {
            LOG.log(System.Logger.Level.INFO, "removing unfinished bus folder {0}", dir);
            deleteRecursively(dir);
            return;
        }
        BusSpec spec = readSpec(specFile);
        buses.put(spec.name(), new Bus(spec, openLog(dir, spec), dir, clock));
    }

    private BusLog openLog(Path dir, BusSpec spec) {
        LogConfig config = new LogConfig(
                spec.partitions(),
                defaults.segmentBytes(),
                spec.maxAge(),
                spec.maxBytes(),
                defaults.durability(),
                defaults.dedupWindow(),
                LogConfig.DEFAULT_INDEX_INTERVAL_BYTES,
                spec.globalOrder(),
                spec.categorySeparator());
        return BusLog.open(dir, spec.name(), config, clock, listeners.apply(spec.name()), writers);
    }

    /** The most partitions a bus may be created with on this node (setting {@code max-partitions}). */
    public int maxPartitions() {
        return defaults.maxPartitions();
    }

    /** Creates a bus with a global order. Throws {@link BusExistsException} if the name is taken. */
    public Bus create(String name, int partitions, Duration maxAge, long maxBytes) {
        return create(name, partitions, maxAge, maxBytes, true);
    }

    /** Creates a bus whose stream categories end at the first {@code -}. */
    public Bus create(String name, int partitions, Duration maxAge, long maxBytes, boolean globalOrder) {
        return create(name, partitions, maxAge, maxBytes, globalOrder, LogConfig.DEFAULT_CATEGORY_SEPARATOR);
    }

    /** Creates a bus. Throws {@link BusExistsException} if the name is taken. */
    public synchronized Bus create(String name, int partitions, Duration maxAge, long maxBytes, boolean globalOrder,
            String categorySeparator) {
        if (partitions > defaults.maxPartitions()) {
            throw new IllegalArgumentException("partitions must be within 1.." + defaults.maxPartitions()
                    + " on this node (setting max-partitions), was " + partitions);
        }
        BusSpec spec = new BusSpec(name, partitions, maxAge, maxBytes, clock.instant(), newIncarnation(), globalOrder,
                categorySeparator);
        long smallest = defaults.segmentBytes() * partitions;
        if (maxBytes != -1 && maxBytes < smallest) {
            // Retention drops whole segments, so each partition needs room for at least one.
            throw new IllegalArgumentException("retention.maxBytes must be at least partitions × segment size = "
                    + smallest + " bytes, was " + maxBytes);
        }
        if (buses.containsKey(name)) {
            throw new BusExistsException(name);
        }
        if (buses.size() >= defaults.maxBuses()) {
            throw new LimitReachedException("buses", defaults.maxBuses(), "max-buses");
        }
        Path dir = root.resolve(name);
        BusLog log = null;
        try {
            if (Files.exists(dir)) {
                deleteRecursively(dir);
            }
            Files.createDirectories(dir);
            log = openLog(dir, spec);
            // bus.json is the commit point: written last, so that a bus whose log could not be made never exists
            writeSpec(dir.resolve(SPEC_FILE), spec);
        } catch (IOException | RuntimeException e) {
            abandon(dir, log, e);
            throw new StorageUnavailableException("cannot create bus '" + name + "' in " + dir + ": " + e, e);
        }
        Bus bus = new Bus(spec, log, dir, clock);
        buses.put(name, bus);
        return bus;
    }

    /** Undoes a create that failed (a full disk, most often), so that nothing of the bus is left to half-exist. */
    private static void abandon(Path dir, BusLog log, Exception failure) {
        try {
            if (log != null) {
                log.close();
            }
            deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
            // without bus.json the folder is removed at the next start; until then a create deletes it first
            failure.addSuppressed(e);
        }
    }

    /** The bus named {@code name}; {@link BusNotFoundException} if there is none. */
    public Bus get(String name) {
        Bus bus = buses.get(name);
        if (bus == null) {
            throw new BusNotFoundException(name);
        }
        return bus;
    }

    public Optional<Bus> find(String name) {
        return Optional.ofNullable(buses.get(name));
    }

    /** All buses, by name. */
    public List<Bus> list() {
        List<Bus> all = new ArrayList<>(buses.values());
        all.sort(Comparator.comparing(Bus::name));
        return all;
    }

    /** Deletes a bus and all its events. */
    public synchronized void delete(String name) {
        Bus bus = buses.remove(name);
        if (bus == null) {
            throw new BusNotFoundException(name);
        }
        Path dir = root.resolve(name);
        Path doomed = root.resolve(name + "." + clock.millis() + ".deleted");
        try {
            bus.close();
            // The rename is the commit point: a crash after it leaves a folder that open() removes.
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            deleteRecursively(doomed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete bus '" + name + "' in " + dir, e);
        }
    }

    /** Applies every bus's retention; returns the number of segments deleted. */
    public int enforceRetention() {
        int deleted = 0;
        for (Bus bus : buses.values()) {
            try {
                deleted += bus.log().enforceRetention();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "retention of bus '" + bus.name() + "' failed", e);
            }
        }
        return deleted;
    }

    @Override
    public synchronized void close() {
        for (Bus bus : buses.values()) {
            try {
                bus.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing bus '" + bus.name() + "' failed", e);
            }
        }
        buses.clear();
        writers.close(); // after the logs: their last turns drain on it
    }

    private static void writeSpec(Path file, BusSpec spec) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.put("name", spec.name());
        json.put("partitions", spec.partitions());
        if (spec.maxAge() != null) {
            json.put("maxAge", spec.maxAge().toString());
        }
        json.put("maxBytes", spec.maxBytes());
        json.put("createdAt", spec.createdAt().toString());
        json.put("incarnation", spec.incarnation());
        json.put("globalOrder", spec.globalOrder());
        json.put("categorySeparator", spec.categorySeparator());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static BusSpec readSpec(Path file) throws IOException {
        var json = JSON.readTree(file.toFile());
        Instant createdAt = Instant.parse(json.get("createdAt").asText());
        return new BusSpec(
                json.get("name").asText(),
                json.get("partitions").asInt(),
                json.hasNonNull("maxAge") ? Duration.parse(json.get("maxAge").asText()) : null,
                json.get("maxBytes").asLong(),
                createdAt,
                // buses written before incarnations existed: their creation time in microseconds is unique enough
                json.hasNonNull("incarnation")
                        ? json.get("incarnation").asText()
                        : Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, createdAt), 36),
                !json.has("globalOrder") || json.get("globalOrder").asBoolean(),
                json.hasNonNull("categorySeparator")
                        ? json.get("categorySeparator").asText()
                        : LogConfig.DEFAULT_CATEGORY_SEPARATOR);
    }

    /** 64 random bits in base 36: no two buses ever created share one. */
    private static String newIncarnation() {
        return Long.toUnsignedString(RANDOM.nextLong(), 36);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
