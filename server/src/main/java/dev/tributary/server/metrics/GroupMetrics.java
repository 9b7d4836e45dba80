package dev.tributary.server.metrics;

import dev.tributary.broker.Bus;
import dev.tributary.broker.group.ConsumerGroups;
import dev.tributary.broker.group.GroupEngine;
import dev.tributary.core.eventstore.GroupStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Per consumer group meters, tagged {@code bus} and {@code group}: the gauges {@code tributary_consumer_group_lag},
 * {@code _pending}, {@code _in_flight}, {@code _parked} and {@code _consumers}, and the counter
 * {@code tributary_consumer_group_redeliveries_total} (since the node started), as {@link GroupStats} has them.
 *
 * <p>{@link #refresh()} runs before each scrape: it takes one {@link GroupEngine#stats()} per group (each takes the
 * group's monitor once, not once per meter), registers the meters of groups made since the last scrape, and removes
 * those of groups deleted since; the meters read that snapshot. So the meters are bounded by the groups that exist
 * ({@link ConsumerGroups#MAX_GROUPS} per bus), and a bus that never had a group is not asked to open its
 * {@code groups.db} ({@link Bus#groupsIfAny()}).
 *
 * <p>Thread-safe: {@link #refresh()}, {@link #busOpened} and {@link #busDeleted} hold this object's monitor; meters
 * read a volatile snapshot.
 */
final class GroupMetrics {
    private static final System.Logger LOG = System.getLogger(GroupMetrics.class.getName());

    private final MeterRegistry registry;
    private final Map<String, Bus> buses = new HashMap<>(); // guarded by this
    private final Map<Key, Meters> groups = new HashMap<>(); // guarded by this

    GroupMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private record Key(String bus, String group) {}

    /** The meters of one group and the stats they show; replaced when a group of the same name is made anew. */
    private final class Meters {
        final GroupEngine engine;
        final List<Meter> meters = new ArrayList<>();
        volatile GroupStats stats;

        Meters(Key key, GroupEngine engine, GroupStats stats) {
            this.engine = engine;
            this.stats = stats;
            Tags tags = Tags.of("bus", key.bus(), "group", key.group());
            gauge("tributary.consumer.group.lag", "Events of the bus's order at or past the group's checkpoint", tags,
                    m -> m.stats.lag());
            gauge("tributary.consumer.group.pending",
                    "Events read ahead and not settled: waiting, leased or to be retried", tags,
                    m -> m.stats.pending());
            gauge("tributary.consumer.group.in.flight", "Events leased to a consumer now", tags,
                    m -> m.stats.inFlight());
            gauge("tributary.consumer.group.parked", "Events parked for an operator", tags, m -> m.stats.parked());
            gauge("tributary.consumer.group.consumers", "Consumers that fetched within the last lease", tags,
                    m -> m.stats.consumers());
            meters.add(FunctionCounter
                    .builder("tributary.consumer.group.redeliveries", this, m -> m.stats.redeliveries())
                    .description("Deliveries after an event's first, since the node started")
                    .tags(tags)
                    .register(registry));
        }

        private void gauge(String name, String description, Tags tags, ToDoubleFunction<Meters> value) {
            meters.add(Gauge.builder(name, this, value).description(description).tags(tags).register(registry));
        }

        void remove() {
            meters.forEach(registry::remove);
        }
    }

    synchronized void busOpened(Bus bus) {
        buses.put(bus.name(), bus);
    }

    /** Forgets a deleted bus and removes its groups' meters. */
    synchronized void busDeleted(String bus) {
        buses.remove(bus);
        groups.entrySet().removeIf(e -> {
            if (e.getKey().bus().equals(bus)) {
                e.getValue().remove();
                return true;
            }
            return false;
        });
    }

    /** Takes each group's stats, registers the meters of new groups and removes those of deleted ones. */
    synchronized void refresh() {
        Set<Key> seen = new HashSet<>();
        for (Bus bus : buses.values()) {
            Map<GroupEngine, GroupStats> stats;
            try {
                stats = stats(bus);
            } catch (RuntimeException e) {
                // a groups.db that cannot be read: the API reports it; its meters go rather than show stale values
                LOG.log(System.Logger.Level.WARNING, "bus '" + bus.name() + "': no consumer group metrics: "
                        + e.getMessage());
                continue;
            }
            stats.forEach((engine, s) -> {
                Key key = new Key(bus.name(), engine.spec().name());
                seen.add(key);
                Meters meters = groups.get(key);
                if (meters != null && meters.engine == engine) {
                    meters.stats = s;
                } else {
                    if (meters != null) {
                        meters.remove(); // deleted and made again: its counter starts afresh
                    }
                    groups.put(key, new Meters(key, engine, s));
                }
            });
        }
        groups.entrySet().removeIf(e -> {
            if (!seen.contains(e.getKey())) {
                e.getValue().remove();
                return true;
            }
            return false;
        });
    }

    private static Map<GroupEngine, GroupStats> stats(Bus bus) {
        Optional<ConsumerGroups> registry = bus.groupsIfAny();
        Map<GroupEngine, GroupStats> out = new HashMap<>();
        if (registry.isPresent()) {
            for (GroupEngine engine : registry.get().list()) {
                out.put(engine, engine.stats());
            }
        }
        return out;
    }
}
