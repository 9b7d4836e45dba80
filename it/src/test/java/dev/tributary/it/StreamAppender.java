package dev.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends 1–3 events at a time to a few streams it alone writes, each time with the exact expected version (the
 * first append: {@code no_stream}). One append in ten is a deliberate re-send of the stream's previous append
 * (same expected version, same events), which must come back as a duplicate with the original result.
 */
final class StreamAppender extends Producer {
    private static final String SOURCE = "/it/crash/stream";
    private final List<String> streams;
    private final long[] versions;
    private final boolean[] broken;
    private final List<Previous> previous = new ArrayList<>();
    private int next;

    private record Previous(String expected, List<JsonNode> events, JsonNode answer) {}

    StreamAppender(LiveNode node, Ledger ledger, String bus, long seed, List<String> streams) {
        super(node, ledger, bus, seed);
        this.streams = List.copyOf(streams);
        this.versions = new long[streams.size()];
        java.util.Arrays.fill(versions, -1);
        this.broken = new boolean[streams.size()];
        streams.forEach(s -> previous.add(null));
    }

    List<String> streams() {
        return streams;
    }

    /** The version this appender last got acknowledged for stream {@code i}, -1 if none. */
    long version(String stream) {
        return versions[streams.indexOf(stream)];
    }

    @Override
    protected void step() throws IOException, InterruptedException {
        int s = next;
        next = (next + 1) % streams.size();
        String stream = streams.get(s);
        if (broken[s]) {
            // Its version is unknown after a violation (already recorded); keep the other streams going.
            if (allBroken()) {
                Thread.sleep(50);
            }
            return;
        }
        Previous last = previous.get(s);
        if (last != null && random.nextInt(10) == 0) {
            ledger.deliberateResends.incrementAndGet();
            Http.Answer again = append(stream, last.expected(), last.events());
            if (again != null && again.ok()) {
                if (!again.json().path("duplicate").asBoolean(false)
                        || again.json().path("firstVersion").asLong() != last.answer().path("firstVersion").asLong()) {
                    ledger.violation("re-sent append to " + stream + " was not answered as the original duplicate: "
                            + again.json() + " vs " + last.answer());
                }
                for (int i = 0; i < last.events().size(); i++) {
                    ledger.ack(last.events().get(i), again.json().path("results").path(i));
                }
            }
            return;
        }
        long current = versions[s];
        String expected = current < 0 ? "no_stream" : Long.toString(current);
        List<JsonNode> events = new ArrayList<>();
        int size = random.nextInt(1, 4);
        for (int i = 0; i < size; i++) {
            JsonNode event = TestEvents.event(SOURCE, stream + "-v" + (current + 1 + i), "it.crash.stream", random);
            ledger.sent(event);
            events.add(event);
        }
        Http.Answer answer = append(stream, expected, events);
        if (answer == null || !answer.ok()) {
            broken[s] = true;
            return;
        }
        JsonNode json = answer.json();
        JsonNode results = json.path("results");
        if (json.path("firstVersion").asLong() != current + 1
                || json.path("currentVersion").asLong() != current + size
                || results.size() != size) {
            ledger.violation("append of " + size + " to " + stream + " at expected version " + expected
                    + " answered " + json);
            broken[s] = true;
            return;
        }
        List<Ledger.Acked> acked = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (results.get(i).path("version").asLong(-1) != current + 1 + i) {
                ledger.violation("append to " + stream + ": result " + i + " has the wrong version: " + json);
            }
            acked.add(ledger.ack(events.get(i), results.get(i)));
        }
        ledger.streamAppended(new Ledger.StreamAppend(stream, current + 1, acked));
        versions[s] = current + size;
        previous.set(s, new Previous(expected, events, json));
    }

    private boolean allBroken() {
        for (boolean b : broken) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    private Http.Answer append(String stream, String expected, List<JsonNode> events) throws InterruptedException {
        ArrayNode batch = Http.JSON.createArrayNode().addAll(events);
        String body = batch.toString();
        return sendUntilAnswered("append to " + stream + " at expected version " + expected, base -> {
            ledger.bytesSent.addAndGet(body.length());
            return Http.post(base.resolve("/v1/buses/" + bus + "/streams/" + stream + "/events?expectedVersion=" + expected),
                    "application/cloudevents-batch+json", body);
        });
    }
}
