package dev.tributary.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.broker.store.HookStore;
import dev.tributary.broker.store.StoredHook;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.Names;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's inbound webhooks: each a name, the bus its events go to, and its {@link HookConfig}, stored in the
 * metadata store and kept ready in memory, so a delivery from a provider costs no I/O before its events are
 * appended. Changes write through to the store, then replace the ready hook. Thread-safe; the changing calls are
 * blocking.
 */
public final class Hooks {
    /** The most hooks a node keeps; creating more is refused. */
    public static final int MAX_HOOKS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A hook and the bus it writes to. */
    public record Target(Hook hook, String bus, Instant createdAt, Instant updatedAt) {
        /** The answered form: name, bus, the configuration with secrets redacted, times. */
        public ObjectNode toJson() {
            ObjectNode out = JSON.createObjectNode();
            out.put("name", hook.name());
            out.put("bus", bus);
            out.setAll(hook.config().toJson(true));
            out.put("createdAt", createdAt.toString());
            out.put("updatedAt", updatedAt.toString());
            return out;
        }
    }

    private final HookStore store;
    private final HookLimits limits;
    private final Clock clock;
    private final Map<String, Target> ready = new ConcurrentHashMap<>();

    /** Loads every stored hook. Blocking. */
    public Hooks(HookStore store, HookLimits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        for (StoredHook stored : store.list()) {
            ready.put(stored.name(), target(stored));
        }
    }

    /** The hook of this name, ready to receive; no I/O. */
    public Optional<Target> find(String name) {
        return Optional.ofNullable(ready.get(name));
    }

    public List<Target> list() {
        return ready.values().stream().sorted(java.util.Comparator.comparing(t -> t.hook().name())).toList();
    }

    /**
     * Makes a hook from its definition: {@code name}, {@code bus} and the members of its {@link HookConfig}.
     *
     * @throws InvalidFieldException naming the member
     * @throws dev.tributary.broker.store.HookExistsException if the name is taken
     */
    public Target create(JsonNode definition) {
        if (ready.size() >= MAX_HOOKS) {
            throw new InvalidFieldException("name", "this node has " + MAX_HOOKS + " hooks, the most it keeps");
        }
        String name = text(definition, "name");
        String bus = bus(definition);
        Hook hook = Hook.of(name, HookConfig.fromJson(configPart(definition)), limits);
        Instant now = clock.instant();
        store.create(new StoredHook(name, bus, hook.config().toJson(false).toString(), now, now));
        Target target = new Target(hook, bus, now, now);
        ready.put(name, target);
        return target;
    }

    /**
     * Replaces a hook's bus and configuration; secrets sent back as {@code "***"} keep the stored ones.
     *
     * @return the new hook, or empty if there is none of that name
     */
    public Optional<Target> update(String name, JsonNode definition) {
        Target current = ready.get(name);
        if (current == null) {
            return Optional.empty();
        }
        JsonNode givenName = definition.get("name");
        if (givenName != null && !name.equals(givenName.asText())) {
            throw new InvalidFieldException("name", "cannot change: the hook is '" + name + "'");
        }
        String bus = bus(definition);
        Hook hook = Hook.of(name, HookConfig.fromJson(configPart(definition), current.hook().config()), limits);
        Instant now = clock.instant();
        if (!store.update(name, bus, hook.config().toJson(false).toString(), now)) {
            ready.remove(name);
            return Optional.empty();
        }
        Target target = new Target(hook, bus, current.createdAt(), now);
        ready.put(name, target);
        return Optional.of(target);
    }

    /** @return whether it existed */
    public boolean delete(String name) {
        boolean existed = store.delete(name);
        ready.remove(name);
        return existed;
    }

    /** The bus a definition names, checked, before any other member. */
    public static String bus(JsonNode definition) {
        String bus = text(definition, "bus");
        if (!Names.isBusName(bus)) {
            throw new InvalidFieldException("bus", "must be a bus name, was \"" + bus + "\"");
        }
        return bus;
    }

    private Target target(StoredHook stored) {
        HookConfig config;
        try {
            config = HookConfig.fromJson(JSON.readTree(stored.document()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored hook " + stored.name() + " is not JSON", e);
        }
        return new Target(Hook.of(stored.name(), config, limits), stored.bus(), stored.createdAt(), stored.updatedAt());
    }

    /** The definition without the members that are the hook's, not its configuration's. */
    private static JsonNode configPart(JsonNode definition) {
        ObjectNode config = ((ObjectNode) definition).deepCopy();
        config.remove(List.of("name", "bus", "createdAt", "updatedAt"));
        return config;
    }

    private static String text(JsonNode definition, String field) {
        JsonNode value = definition.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidFieldException(field, "is required and must be a string");
        }
        return value.asText();
    }
}
