package dev.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Publishes single events in binary mode; one request in ten re-sends an event it already got acknowledged (same
 * {@code source}+{@code id}, same content), which must come back as a duplicate at the original position.
 */
final class SinglePublisher extends Producer {
    private final String source;
    private long next;

    SinglePublisher(LiveNode node, Ledger ledger, String bus, long seed, int index) {
        super(node, ledger, bus, seed);
        this.source = "/it/crash/single-" + index;
    }

    @Override
    protected void step() throws IOException, InterruptedException {
        Ledger.Acked earlier = random.nextInt(10) == 0 ? ledger.recent(source + " ", 200, random) : null;
        if (earlier != null) {
            ledger.deliberateResends.incrementAndGet();
            Http.Answer answer = publish(earlier.event());
            if (answer != null && answer.ok()) {
                JsonNode result = answer.json().path("results").path(0);
                if (!result.path("duplicate").asBoolean(false)) {
                    ledger.violation("re-send of acknowledged event " + earlier.key() + " was not a duplicate: " + result);
                }
                ledger.ack(earlier.event(), result);
            }
            return;
        }
        ObjectNode event = TestEvents.event(source, "e" + next++, "it.crash.single", random);
        ledger.sent(event);
        Http.Answer answer = publish(event);
        if (answer != null && answer.ok()) {
            ledger.ack(event, answer.json().path("results").path(0));
        }
    }

    private Http.Answer publish(JsonNode event) throws InterruptedException {
        String body = TestEvents.binaryBody(event);
        return sendUntilAnswered("publish " + TestEvents.key(event), base -> {
            ledger.bytesSent.addAndGet(body.length());
            return Http.post(base.resolve("/v1/buses/" + bus + "/events"), TestEvents.binaryHeaders(event), body);
        });
    }
}
