package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.tributary.server.metrics.NodeMetrics;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
     * Checks the events of one request for {@code bus}.
     *
     * @param batch whether the request was a batch, so that fields carry the event's index ({@code [3].data/total})
     * @throws SchemaViolationException under {@code enforce}, for the first invalid event
     */
    void check(Bus bus, List<CloudEvent> events, boolean batch) {
        Enforcement mode = mode(bus);
        if (mode == Enforcement.OFF) {
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            CloudEvent event = events.get(i);
            Optional<SchemaValidator> validator = validator(bus, event);
            if (validator.isEmpty()) {
                continue;
            }
            String prefix = batch ? "[" + i + "]." : "";
            List<Violation> violations = violations(event, validator.get(), prefix);
            if (violations.isEmpty()) {
                continue;
            }
            metrics.schemaViolation(bus.name(), mode.jsonName());
            if (mode == Enforcement.ENFORCE) {
                throw new SchemaViolationException(prefix, i, event.getType(), validator.get().version().uri().toString(),
                        violations);
            }
            LOG.log(System.Logger.Level.WARNING, "bus " + bus.name() + " stored event " + event.getId() + " of type "
                    + event.getType() + " that breaks " + validator.get().version().uri() + ": " + violations.get(0));
        }
    }

    private Optional<SchemaValidator> validator(Bus bus, CloudEvent event) {
        if (event.getDataSchema() != null) {
            Optional<SchemaUri> named = SchemaUri.parse(event.getDataSchema());
            if (named.isPresent()) {
                return registry.validator(named.get());
            }
        }
        return registry.validator(bus.name(), event.getType());
    }

    private static List<Violation> violations(CloudEvent event, SchemaValidator validator, String prefix) {
        String type = event.getDataContentType();
        if (!DataKind.isJson(type)) {
            return List.of(new Violation("", "type", "the data is " + type + ", but events of type " + event.getType()
                    + " must carry JSON (" + validator.version().uri() + ")"));
        }
        JsonNode data;
        try {
            data = event.getData() == null ? NullNode.getInstance() : JSON.readTree(event.getData().toBytes());
        } catch (JsonProcessingException e) {
            return List.of(new Violation("", "type", "the data is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return List.of(new Violation("", "type", "the data cannot be read: " + e.getMessage()));
        }
        return new ArrayList<>(validator.validate(data == null ? NullNode.getInstance() : data));
    }
}
