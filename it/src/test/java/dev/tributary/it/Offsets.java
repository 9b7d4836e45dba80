package dev.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/** Reads offsets off a running node over HTTP: a subscription's committed positions, a bus's end offsets. */
final class Offsets {
    private Offsets() {}

    /** The committed position (next offset to deliver) of each partition. */
    static Map<Integer, Long> committed(NodeProcess node, String subscription) throws Exception {
        JsonNode answer = Http.get(node.uri("/v1/subscriptions/" + subscription + "/positions")).json();
        Map<Integer, Long> positions = new TreeMap<>();
        answer.path("positions").properties()
                .forEach(e -> positions.put(Integer.valueOf(e.getKey()), e.getValue().asLong()));
        return positions;
    }

    /** The end offset (next offset to be written) of each partition. */
    static Map<Integer, Long> ends(NodeProcess node, String bus) throws Exception {
        Map<Integer, Long> ends = new TreeMap<>();
        for (JsonNode p : Http.get(node.uri("/v1/buses/" + bus)).json().path("partitionStats")) {
            ends.put(p.path("partition").asInt(), p.path("endOffset").asLong());
        }
        return ends;
    }
}
