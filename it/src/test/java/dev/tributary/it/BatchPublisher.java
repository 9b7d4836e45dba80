package dev.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes batches of 15–25 structured events ({@code application/cloudevents-batch+json}); one batch in five also
 * carries an event acknowledged earlier, which must come back as a duplicate at its original position.
 */
final class BatchPublisher extends Producer {
    private final String source;
    private long next;

    BatchPublisher(LiveNode node, Ledger ledger, String bus, long seed, int index) {
        super(node, ledger, bus, seed);
        this.source = "/it/crash/batch-" + index;
    }

    @Override
    protected void step() throws IOException, InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        int size = random.nextInt(15, 26);
        for (int i = 0; i < size; i++) {
            JsonNode event = TestEvents.event(source, "b" + next++, "it.crash.batch", random);
            ledger.sent(event);
            events.add(event);
        }
        int resent = -1;
        Ledger.Acked earlier = random.nextInt(5) == 0 ? ledger.recent(source + " ", 500, random) : null;
        if (earlier != null) {
            resent = random.nextInt(events.size() + 1);
            events.add(resent, earlier.event());
            ledger.deliberateResends.incrementAndGet();
        }
        ArrayNode batch = Http.JSON.createArrayNode().addAll(events);
        String body = batch.toString();
        Http.Answer answer = sendUntilAnswered("batch of " + events.size() + " from " + TestEvents.key(events.get(0)),
                base -> {
                    ledger.bytesSent.addAndGet(body.length());
                    return Http.post(base.resolve("/v1/buses/" + bus + "/events"),
                            "application/cloudevents-batch+json", body);
                });
        if (answer == null || !answer.ok()) {
            return;
        }
        JsonNode results = answer.json().path("results");
        if (results.size() != events.size()) {
            ledger.violation("batch of " + events.size() + " answered " + results.size() + " results");
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            if (i == resent && !results.get(i).path("duplicate").asBoolean(false)) {
                ledger.violation("re-sent event " + earlier.key() + " in a batch was not a duplicate: " + results.get(i));
            }
            ledger.ack(events.get(i), results.get(i));
        }
    }
}
