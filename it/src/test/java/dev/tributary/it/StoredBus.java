package dev.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads everything a bus holds back over HTTP: whole partitions, whole streams. Stateless. */
final class StoredBus {
    private StoredBus() {}

    /** Every envelope of a partition, from its start, in offset order. */
    static List<JsonNode> partition(URI base, String bus, int partition) throws Exception {
        List<JsonNode> envelopes = new ArrayList<>();
        long from = 0;
        while (true) {
            Http.Answer page = Http.get(base.resolve(
                    "/v1/buses/" + bus + "/partitions/" + partition + "/events?from=" + from + "&limit=1000"));
            if (!page.ok()) {
                throw new IllegalStateException("reading partition " + partition + " from " + from + " answered "
                        + page.status() + ": " + page.text());
            }
            JsonNode events = page.json().path("events");
            if (events.isEmpty()) {
                return envelopes;
            }
            events.forEach(envelopes::add);
            long next = page.json().path("next").asLong(-1);
            if (next <= from) {
                throw new IllegalStateException("partition " + partition + ": cursor did not advance past " + from);
            }
            from = next;
        }
    }

    /** Every envelope of the bus's global order, from its first position, in position order. */
    static List<JsonNode> all(URI base, String bus) throws Exception {
        return order(base, bus, "all");
    }

    /**
     * Every envelope of the global order ({@code "all"}) or of one of its indexes ({@code "categories/order"},
     * {@code "types/t"}), forward from the first readable position.
     */
    static List<JsonNode> order(URI base, String bus, String what) throws Exception {
        List<JsonNode> envelopes = new ArrayList<>();
        String from = "";
        while (true) {
            Http.Answer page = Http.get(base.resolve("/v1/buses/" + bus + "/" + what + "/events?limit=1000" + from));
            if (!page.ok()) {
                throw new IllegalStateException("reading " + what + " " + from + " answered " + page.status()
                        + ": " + page.text());
            }
            page.json().path("events").forEach(envelopes::add);
            long next = page.json().path("next").asLong(-1);
            if (next >= page.json().path("endPosition").asLong()) {
                return envelopes;
            }
            from = "&from=" + next;
        }
    }

    /** Every envelope of a stream, forward from version 0. */
    static List<JsonNode> stream(URI base, String bus, String stream) throws Exception {
        List<JsonNode> envelopes = new ArrayList<>();
        long from = 0;
        String encoded = URLEncoder.encode(stream, StandardCharsets.UTF_8);
        while (true) {
            Http.Answer page = Http.get(base.resolve(
                    "/v1/buses/" + bus + "/streams/" + encoded + "/events?from=" + from + "&limit=1000"));
            if (!page.ok()) {
                throw new IllegalStateException("reading stream " + stream + " from " + from + " answered "
                        + page.status() + ": " + page.text());
            }
            JsonNode events = page.json().path("events");
            if (events.isEmpty()) {
                return envelopes;
            }
            events.forEach(envelopes::add);
            long next = page.json().path("next").asLong(-1);
            if (next <= from) {
                throw new IllegalStateException("stream " + stream + ": cursor did not advance past " + from);
            }
            from = next;
        }
    }
}
