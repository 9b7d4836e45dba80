package dev.tributary.broker.group;

import dev.tributary.broker.Bus;
import dev.tributary.broker.LimitReachedException;
import dev.tributary.core.eventstore.GroupExistsException;
import dev.tributary.core.eventstore.GroupNotFoundException;
import dev.tributary.core.eventstore.GroupSpec;
import dev.tributary.core.filter.Filter;
import java.nio.file.Files;
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
    private final Map<String, GroupEngine> groups = new ConcurrentHashMap<>();

    public ConsumerGroups(Bus bus, Path busDir, Clock clock) {
        this.bus = bus;
        this.store = new GroupStore(busDir);
        this.clock = clock;
        for (GroupStore.Stored s : store.all()) {
            groups.put(s.spec().name(), new GroupEngine(s.spec(), bus, store, clock, s.checkpoint(), s.rows()));
        }
    }

    /** Whether {@code busDir} holds a {@code groups.db}; without one the bus has never had a group. Creates nothing. */
    public static boolean storedIn(Path busDir) {
        return Files.exists(busDir.resolve(GroupStore.FILE));
    }

    /**
     * Creates a group, its start resolved ({@link GroupSpec#LATEST} is the end of the order now); throws
     * {@link GroupExistsException} when one of its name exists, {@link IllegalArgumentException} for a start beyond
     * the end or a filter that is not CESQL.
     */
    public synchronized GroupEngine create(GroupSpec spec) {
        if (groups.containsKey(spec.name())) {
            throw new GroupExistsException(spec.name());
        }
        if (groups.size() >= MAX_GROUPS) {
            throw new LimitReachedException("consumer groups of bus '" + bus.name() + "'", MAX_GROUPS,
                    "max consumer groups per bus");
        }
        long end = bus.log().endPosition();
        if (spec.startPosition() == GroupSpec.LATEST) {
            spec = spec.withStartPosition(end);
        } else if (spec.startPosition() > end) {
            throw new IllegalArgumentException("startPosition must be within 0.." + end + " (the end of the order) or "
                    + "GroupSpec.LATEST, was " + spec.startPosition());
        }
        if (spec.selection().filter() != null) {
            Filter.cesql(spec.selection().filter()); // an invalid filter is refused before anything is stored
        }
        if (!store.create(spec)) {
            throw new GroupExistsException(spec.name());
        }
        GroupEngine group = new GroupEngine(spec, bus, store, clock, spec.startPosition(), List.of());
        groups.put(spec.name(), group);
        return group;
    }

    public GroupEngine get(String name) {
        GroupEngine g = groups.get(name);
        if (g == null) {
            throw new GroupNotFoundException(name);
        }
        return g;
    }

    public List<GroupEngine> list() {
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
