package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.tributary.broker.Bus;
import dev.tributary.broker.schema.Enforcement;
import dev.tributary.broker.schema.SchemaRegistry;
import dev.tributary.broker.schema.SchemaUri;
import dev.tributary.broker.schema.SchemaValidator;
import dev.tributary.broker.schema.Subject;
import dev.tributary.broker.schema.Violation;
import dev.tributary.broker.store.EnforcementStore;
import dev.tributary.core.DataKind;
import dev.tributary.core.DataReader;
import dev.tributary.server.metrics.NodeMetrics;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schema stage of the gateway: before a batch is appended to a bus that validates ({@code warn} or
 * {@code enforce}), each event's data is checked against the registered schema of its {@code type} (or the version
 * its {@code dataschema} names). Under {@code enforce} one invalid event refuses the whole request, naming the event,
 * the JSON pointer inside its data and the keyword; under {@code warn} the events are stored and the violations
 * counted and logged. The modes are kept in memory (written through to the metadata store), tied to the bus's
 * incarnation. Thread-safe.
 */
public final class SchemaCheck {
    private static final System.Logger LOG = System.getLogger(SchemaCheck.class.getName());

    private final SchemaRegistry registry;
    private final EnforcementStore store;
    private final NodeMetrics metrics;
    private final Map<String, EnforcementStore.Setting> modes = new ConcurrentHashMap<>();

    /** Loads the stored modes. Blocking. */
    public SchemaCheck(SchemaRegistry registry, EnforcementStore store, NodeMetrics metrics) {
        this.registry = registry;
        this.store = store;
        this.metrics = metrics;
        modes.putAll(store.all());
    }

    SchemaRegistry registry() {
        return registry;
    }

    Enforcement mode(Bus bus) {
        EnforcementStore.Setting setting = modes.get(bus.name());
        return setting != null && setting.incarnation().equals(bus.spec().incarnation())
                ? Enforcement.fromJsonName(setting.mode()) : Enforcement.OFF;
    }

    /** Sets a bus's mode. Blocking. */
    void set(Bus bus, Enforcement mode) {
        store.set(bus.name(), bus.spec().incarnation(), mode.jsonName());
        modes.put(bus.name(), new EnforcementStore.Setting(bus.spec().incarnation(), mode.jsonName()));
    }

    /** The buses that validate against {@code subject}'s versions: its own bus, or every validating bus. */
    Set<String> busesValidating(Subject subject, java.util.function.Function<String, Optional<Bus>> buses) {
        Set<String> using = new TreeSet<>();
        modes.forEach((name, setting) -> {
            if (!setting.mode().equals(Enforcement.OFF.jsonName()) && (subject.isGlobal() || name.equals(subject.bus()))
                    && buses.apply(name).filter(b -> b.spec().incarnation().equals(setting.incarnation())).isPresent()) {
                using.add(name);
            }
        });
        return using;
    }

    /**
     * The reader that validates each event's data while a request's body is decoded for {@code bus}, so that valid
     * data is read once ({@link DataReader}); {@link DataReader#SKIP} for a bus that does not validate.
     */
    DataReader reader(Bus bus) {
        return mode(bus) == Enforcement.OFF ? DataReader.SKIP : new Precheck(bus.name());
    }

    /**
     * Checks the events of one request for {@code bus}.
     *
     * @param batch whether the request was a batch, so that fields carry the event's index ({@code [3].data/total})
     * @param decodedWith the reader the body was decoded with: data it found valid against the schema that applies
     *     is not read again
     * @throws SchemaViolationException under {@code enforce}, for the first invalid event
     */
    void check(Bus bus, List<CloudEvent> events, boolean batch, DataReader decodedWith) {
        Enforcement mode = mode(bus);
        if (mode == Enforcement.OFF) {
            return;
        }
        Precheck prechecked = decodedWith instanceof Precheck p && p.lookup.bus.equals(bus.name()) ? p : null;
        Lookup lookup = prechecked != null ? prechecked.lookup : new Lookup(bus.name());
        for (int i = 0; i < events.size(); i++) {
            CloudEvent event = events.get(i);
            SchemaValidator validator = lookup.validator(event.getType(), event.getDataSchema());
            if (validator == null) {
                continue;
            }
            boolean read = prechecked != null && prechecked.readBy(i) == validator;
            if (read && prechecked.accepted(i) && DataKind.isJson(event.getDataContentType())) {
                continue;
            }
            List<Violation> violations = violations(event, validator, read);
            if (violations.isEmpty()) {
                continue;
            }
            String prefix = batch ? "[" + i + "]." : "";
            metrics.schemaViolation(bus.name(), mode.jsonName());
            if (mode == Enforcement.ENFORCE) {
                throw new SchemaViolationException(prefix, i, event.getType(), validator.version().uri().toString(),
                        violations);
            }
            LOG.log(System.Logger.Level.WARNING, "bus " + bus.name() + " stored event " + event.getId() + " of type "
                    + event.getType() + " that breaks " + validator.version().uri() + ": " + violations.get(0));
        }
    }

    /**
     * The validator of each event of one request: of the version its {@code dataschema} names, or the latest of its
     * type. Remembers the last answer, as the events of a batch are mostly of one type.
     */
    private final class Lookup {
        private final String bus;
        private String type;
        private URI dataSchema;
        private SchemaValidator validator;

        Lookup(String bus) {
            this.bus = bus;
        }

        /** Null if no schema applies. */
        SchemaValidator validator(String type, URI dataSchema) {
            if (type == null) {
                return null;
            }
            if (!type.equals(this.type) || !Objects.equals(dataSchema, this.dataSchema)) {
                this.type = type;
                this.dataSchema = dataSchema;
                this.validator = find(type, dataSchema).orElse(null);
            }
            return validator;
        }

        private Optional<SchemaValidator> find(String type, URI dataSchema) {
            if (dataSchema != null) {
                Optional<SchemaUri> named = SchemaUri.parse(dataSchema);
                if (named.isPresent()) {
                    return registry.validator(named.get());
                }
            }
            return registry.validator(bus, type);
        }
    }

    /**
     * Validates data as the codec reads it, remembering by which validator it read each event's data, and whether
     * that validator's quick check accepted it.
     */
    private final class Precheck implements DataReader {
        private final Lookup lookup;
        private SchemaValidator[] readBy = new SchemaValidator[0];
        private final BitSet accepted = new BitSet();

        Precheck(String bus) {
            this.lookup = new Lookup(bus);
        }

        @Override
        public void read(int index, String type, URI dataSchema, JsonParser parser) throws IOException {
            SchemaValidator validator = lookup.validator(type, dataSchema);
            if (validator == null) {
                parser.skipChildren(); // no schema, or the type comes after the data: checked afterwards
                return;
            }
            if (index >= readBy.length) {
                readBy = Arrays.copyOf(readBy, Math.max(index + 1, readBy.length * 2));
            }
            readBy[index] = validator;
            accepted.set(index, validator.accepts(parser));
        }

        /** The validator that read an event's data, null if none did. */
        SchemaValidator readBy(int index) {
            return index < readBy.length ? readBy[index] : null;
        }

        boolean accepted(int index) {
            return accepted.get(index);
        }
    }

    /** @param read whether {@code validator} read the data as it was decoded, so that its quick check need not again */
    private static List<Violation> violations(CloudEvent event, SchemaValidator validator, boolean read) {
        String type = event.getDataContentType();
        if (!DataKind.isJson(type)) {
            return List.of(new Violation("", "type", "the data is " + type + ", but events of type " + event.getType()
                    + " must carry JSON (" + validator.version().uri() + ")"));
        }
        if (event.getData() == null) {
            return validator.validate(NullNode.getInstance());
        }
        byte[] data = event.getData().toBytes();
        return read ? validator.validateInFull(data) : validator.validate(data);
    }
}
