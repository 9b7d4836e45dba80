package dev.tributary.server.metrics;

import dev.tributary.broker.Bus;
import dev.tributary.broker.delivery.DeliveryListener;
import dev.tributary.core.filter.EvaluationErrors;
import dev.tributary.log.LogListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The node's metrics, exposed at {@code /metrics} in the Prometheus text format: appends and bytes per bus, append
 * and fsync latency, group-commit sizes, segments per partition, corruption and append failures, HTTP requests by
 * route and status, and per consumer group its lag, pending, in-flight and parked events ({@link GroupMetrics}).
 * Thread-safe.
 */
public final class NodeMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AppendMeters> appendMeters = new ConcurrentHashMap<>();
    private final Map<String, Timer> httpTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> authFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> hookRefusals = new ConcurrentHashMap<>();
    private final Map<String, Counter> schemaViolations = new ConcurrentHashMap<>();
    private final DeliveryMetrics deliveries = new DeliveryMetrics(registry);
    private final GroupMetrics groups = new GroupMetrics(registry);

    public NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** The Prometheus text exposition of every meter; takes each consumer group's stats first (blocking). */
    public String scrape() {
        groups.refresh();
        return registry.scrape();
    }

    /** A listener that turns one bus's log events into metrics. */
    public LogListener forBus(String bus) {
        Timer fsync = latency("tributary.fsync.latency", "Time of one fsync of a group commit", bus);
        Timer write = latency("tributary.write.latency", "Time of one write of a group commit", bus);
        DistributionSummary batchEvents = DistributionSummary.builder("tributary.group.commit.events")
                .description("Events per group commit")
                .tag("bus", bus)
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096)
                .register(registry);
        Counter corruptions = Counter.builder("tributary.corruptions")
                .description("Corrupt records found")
                .tag("bus", bus)
                .register(registry);
        Counter failures = Counter.builder("tributary.append.failures")
                .description("Group commits the disk refused")
                .tag("bus", bus)
                .register(registry);
        return new LogListener() {
            @Override
            public void batchWritten(int partition, int events, long bytes, long writeNanos, long fsyncNanos) {
                batchEvents.record(events);
                write.record(writeNanos, TimeUnit.NANOSECONDS);
                if (fsyncNanos > 0) {
                    fsync.record(fsyncNanos, TimeUnit.NANOSECONDS);
                }
            }

            @Override
            public void corruptionFound(Path file, long position, String reason) {
                corruptions.increment();
            }

            @Override
            public void appendFailed(int partition, Exception cause) {
                failures.increment();
            }
        };
    }

    /** Registers the per-partition gauges of a bus (segments, bytes, end offset), and its groups' at each scrape. */
    public void busOpened(Bus bus) {
        groups.busOpened(bus);
        for (int p = 0; p < bus.spec().partitions(); p++) {
            int partition = p;
            Tags tags = Tags.of("bus", bus.name(), "partition", Integer.toString(p));
            Gauge.builder("tributary.segments", bus, b -> b.log().state(partition).segments())
                    .description("Segment files per partition")
                    .tags(tags)
                    .register(registry);
            Gauge.builder("tributary.partition.bytes", bus, b -> b.log().state(partition).bytes())
                    .description("Bytes stored per partition")
                    .tags(tags)
                    .register(registry);
            Gauge.builder("tributary.partition.end.offset", bus, b -> b.log().state(partition).endOffset())
                    .description("Next offset to be written per partition")
                    .tags(tags)
                    .register(registry);
        }
    }

    /** Drops every meter of a deleted bus. */
    public void busDeleted(String bus) {
        groups.busDeleted(bus);
        appendMeters.remove(bus);
        for (Meter meter : registry.getMeters()) {
            if (bus.equals(meter.getId().getTag("bus"))) {
                registry.remove(meter);
            }
        }
    }

    /** One successful append request: its events, request bytes and time from decode to durable. */
    public void appended(String bus, int events, long bytes, long nanos) {
        AppendMeters meters = appendMeters.computeIfAbsent(bus, this::appendMeters);
        meters.events.increment(events);
        meters.bytes.increment(bytes);
        meters.latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The meters of the append path, looked up once per bus rather than once per request. */
    private record AppendMeters(Counter events, Counter bytes, Timer latency) {}

    private AppendMeters appendMeters(String bus) {
        return new AppendMeters(
                Counter.builder("tributary.appended.events").description("Events appended").tag("bus", bus)
                        .register(registry),
                Counter.builder("tributary.appended.bytes").description("Request bytes appended").tag("bus", bus)
                        .register(registry),
                latency("tributary.append.latency", "Time from decoded request to durable append", bus));
    }

    /**
     * Where the filters of subscription {@code id} report evaluation errors (a CESQL error, unparsable JSON data):
     * {@code tributary_filter_errors_total{subscription}}. Such an event simply does not match.
     */
    public EvaluationErrors filterErrors(String id) {
        Counter errors = Counter.builder("tributary.filter.errors")
                .description("Filter evaluation errors (the event did not match)")
                .tag("subscription", id)
                .register(registry);
        return (event, path, reason) -> errors.increment();
    }

    /** How the pending-retries gauge counts a subscription's retries (the metadata store's count). */
    public void countRetriesWith(ToLongFunction<String> count) {
        deliveries.countRetriesWith(count);
    }

    /** One refused authentication; {@code reason} is one of a few fixed words, never caller input. */
    public void authenticationFailed(String reason) {
        authFailures.computeIfAbsent(reason, r -> Counter.builder("tributary.auth.failures")
                        .description("Refused authentications, by reason")
                        .tag("reason", r)
                        .register(registry))
                .increment();
    }

    /** One event whose data its bus's schema refuses; {@code mode} is warn or enforce. */
    public void schemaViolation(String bus, String mode) {
        schemaViolations.computeIfAbsent(bus + ' ' + mode, r -> Counter.builder("tributary.schema.violations")
                        .description("Events whose data the bus's schema refused, by bus and enforcement")
                        .tags("bus", bus, "mode", mode)
                        .register(registry))
                .increment();
    }

    /** One refused delivery to a hook; {@code reason} is one of the hooks' fixed labels. */
    public void hookRefused(String hook, String reason) {
        hookRefusals.computeIfAbsent(hook + ' ' + reason, r -> Counter.builder("tributary.hook.refusals")
                        .description("Refused deliveries to inbound webhooks, by hook and reason")
                        .tags("hook", hook, "reason", reason)
                        .register(registry))
                .increment();
    }

    /** What the dispatchers report, as per-subscription delivery meters (see {@link DeliveryMetrics}). */
    public DeliveryListener deliveries() {
        return deliveries;
    }

    /** One answered HTTP request. */
    public void httpRequest(String route, String method, int status, long nanos) {
        httpTimers.computeIfAbsent(route + ' ' + method + ' ' + status, key -> Timer.builder("tributary.http.requests")
                        .description("HTTP requests by route and status")
                        .tags("route", route, "method", method, "status", Integer.toString(status))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer latency(String name, String description, String bus) {
        return Timer.builder(name)
                .description(description)
                .tag("bus", bus)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }
}
