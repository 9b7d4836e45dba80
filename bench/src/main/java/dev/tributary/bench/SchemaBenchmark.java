package dev.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.broker.schema.SchemaRegistry;
import dev.tributary.broker.schema.SchemaValidator;
import dev.tributary.broker.schema.Subject;
import dev.tributary.broker.schema.Violation;
import dev.tributary.broker.store.MetadataStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of validating one event's data at ingest: the 1 KB order ({@link BenchEvents#orderData}) against the
 * realistic order schema of {@code schemas/order.schema.json} (the one the gateway figures enforce), compiled once by
 * the registry. Average time per event in ns.
 *
 * <ul>
 *   <li>{@code validate}: what the gateway does per event, from the data's bytes to the answer.
 *   <li>{@code tree}: only reading the bytes into a Jackson tree, the general validator's input.
 *   <li>{@code validateTree}: only the general validator, on a tree read once.
 * </ul>
 *
 * <p>Every answer is checked: an order that the schema refuses fails the trial, because the error path is not the
 * figure this claims.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Threads(1)
@State(Scope.Thread)
public class SchemaBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private MetadataStore store;
    private SchemaValidator validator;
    private byte[] data;
    private com.fasterxml.jackson.databind.JsonNode tree;

    @Setup(Level.Trial)
    public void compile() throws IOException {
        dir = TempDirs.create("schema-bench");
        store = MetadataStore.openSqlite(dir.resolve("metadata.db"));
        SchemaRegistry registry = SchemaRegistry.create(store.schemas(), Clock.systemUTC());
        Subject subject = Subject.global(BenchEvents.TYPE);
        registry.register(subject, orderSchema());
        validator = registry.validator(null, BenchEvents.TYPE).orElseThrow();
        data = BenchEvents.orderData("gold");
        tree = JSON.readTree(data);
        List<Violation> violations = validator.validate(data);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("the order breaks its schema: " + violations);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public List<Violation> validate() {
        return validator.validate(data);
    }

    @Benchmark
    public Object tree() throws IOException {
        return JSON.readTree(data);
    }

    @Benchmark
    public List<Violation> validateTree() {
        return validator.validate(tree);
    }

    /** The order schema of the gateway figures, from this module's resources. */
    static String orderSchema() throws IOException {
        try (InputStream in = SchemaBenchmark.class.getResourceAsStream("/schemas/order.schema.json")) {
            if (in == null) {
                throw new IOException("schemas/order.schema.json is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
