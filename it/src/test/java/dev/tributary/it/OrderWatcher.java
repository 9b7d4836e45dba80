package dev.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A reader of the crash test: tails the bus's global order across the kills and remembers which event it saw at each
 * position, so that the final check can tell whether recovery ever moved, dropped or reordered what a reader saw.
 * Every page must continue exactly where the last one ended (no gap, no repeat).
 */
final class OrderWatcher extends Producer {
    private final Map<Long, String> seen = new ConcurrentHashMap<>(); // position -> partition/offset
    private long next;

    OrderWatcher(LiveNode node, Ledger ledger, String bus) {
        super(node, ledger, bus, 0);
    }

    @Override
    protected void step() throws InterruptedException {
        Http.Answer page = sendUntilAnswered("reading the global order from " + next,
                base -> Http.get(base.resolve("/v1/buses/" + bus + "/all/events?limit=500&from=" + next)));
        if (page == null || !page.ok()) {
            return;
        }
        JsonNode events = page.json().path("events");
        for (JsonNode e : events) {
            long position = e.path("position").asLong(-1);
            if (position != next) {
                ledger.violation("the global order read from " + next + " continued at " + position);
            }
            seen.put(position, e.path("partition").asInt() + "/" + e.path("offset").asLong());
            next = position + 1;
        }
        if (events.isEmpty()) {
            Thread.sleep(20); // at the end of the order: poll again shortly
        }
    }

    /** What was seen at each position. */
    Map<Long, String> seen() {
        return Map.copyOf(seen);
    }
}
