package dev.tributary.core.eventstore.projection;

import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.Selection;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The state the projection tests fold: how many events a key saw, the sum of their amounts and the stream version of
 * the last one. Keyed by stream it checks that versions come one after the other, so an event applied twice (or one
 * skipped) fails the projection instead of going unnoticed.
 */
public record Counts(long count, long sum, long lastVersion) {
    public static final Counts NONE = new Counts(0, 0, -1);
    public static final String PLACED = "shop.order.placed";

    public Counts add(RecordedEvent e, boolean checkVersions) {
        if (checkVersions && e.version() != lastVersion + 1) {
            throw new IllegalStateException("stream " + e.stream() + ": version " + e.version() + " after "
                    + lastVersion + " (applied twice or skipped)");
        }
        return new Counts(count + 1, sum + amount(e), e.version());
    }

    /** A projection counting per stream over {@code selection}, checking versions. */
    public static Projection<Counts> perStream(String name, int version, Selection selection) {
        return Projection.builder(name, StateCodec.json(Counts.class))
                .version(version)
                .from(selection)
                .initialState(NONE)
                .apply((state, e) -> state.add(e, true))
                .build();
    }

    public static long amount(RecordedEvent e) {
        String data = new String(e.event().getData().toBytes(), StandardCharsets.UTF_8);
        int at = data.indexOf("\"amount\":");
        return at < 0 ? 0 : Long.parseLong(data.substring(at + 9, data.indexOf('}', at)).trim());
    }

    /** An order of {@code amount}, of type {@value #PLACED} unless {@code type} says otherwise. */
    public static CloudEvent order(String id, String type, long amount) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/shop"))
                .withType(type)
                .withData("application/json", ("{\"amount\":" + amount + "}").getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** {@code n} orders with amounts 1..n. */
    public static List<CloudEvent> orders(String prefix, int n) {
        List<CloudEvent> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(order(prefix + "-" + i, PLACED, i));
        }
        return out;
    }
}
