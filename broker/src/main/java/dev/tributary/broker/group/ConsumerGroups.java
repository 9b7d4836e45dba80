package dev.tributary.broker.group;

import dev.tributary.broker.Bus;
import dev.tributary.broker.LimitReachedException;
import dev.tributary.core.eventstore.GroupNotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer groups of one bus: made, found, deleted, and restored from the bus's {@code groups.db} when it opens.
 * Thread-safe.
 */
public final class ConsumerGroups implements AutoCloseable {
    /** The most groups a bus holds. */
    public static final int MAX_GROUPS = 1_000;

    private final Bus bus;
    private final GroupStore store;
    private final Clock clock;
    private final Map<String, ConsumerGroup> groups = new ConcurrentHashMap<>();

    public ConsumerGroups(Bus bus, Path busDir, Clock clock) {
        this.bus = bus;
        this.store = new GroupStore(busDir);
        this.clock = clock;
        for (GroupStore.Stored s : store.all()) {
            groups.put(s.spec().name(), new ConsumerGroup(s.spec(), bus, store, clock, s.checkpoint(), s.rows()));
        }
    }

    /** Creates a group; throws {@link GroupExistsException} when one of its name exists. */
    public synchronized ConsumerGroup create(GroupSpec spec) {
        if (groups.containsKey(spec.name())) {
            throw new GroupExistsException(spec.name());
        }
        if (groups.size() >= MAX_GROUPS) {
            throw new LimitReachedException("consumer groups of bus '" + bus.name() + "'", MAX_GROUPS,
                    "max consumer groups per bus");
        }
        if (!store.create(spec)) {
            throw new GroupExistsException(spec.name());
        }
        ConsumerGroup group = new ConsumerGroup(spec, bus, store, clock, spec.startPosition(), List.of());
        groups.put(spec.name(), group);
        return group;
    }

    public ConsumerGroup get(String name) {
        ConsumerGroup g = groups.get(name);
        if (g == null) {
            throw new GroupNotFoundException(name);
        }
        return g;
    }

    public List<ConsumerGroup> list() {
        return new ArrayList<>(groups.values());
    }

    public synchronized void delete(String name) {
        if (groups.remove(name) == null) {
            throw new GroupNotFoundException(name);
        }
        store.delete(name);
    }

    @Override
    public void close() {
        store.close();
    }
}
