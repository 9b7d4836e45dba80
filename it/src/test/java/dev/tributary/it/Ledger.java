package dev.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the producers were told: every event the node acknowledged (its position and content), every acknowledged
 * stream append, every event sent at all, and every broken promise seen on the way ({@link #violations()}).
 *
 * <p>Thread-safe.
 */
final class Ledger {
    /** An acknowledged event; {@code position} is its global position, -1 when the answer had none (a duplicate). */
    record Acked(String key, int partition, long offset, long position, JsonNode event) {}

    /** An acknowledged stream append: its events at versions {@code firstVersion…}. */
    record StreamAppend(String stream, long firstVersion, List<Acked> events) {}

    private final Map<String, JsonNode> sent = new ConcurrentHashMap<>();
    private final Map<String, Acked> acked = new ConcurrentHashMap<>();
    private final List<Acked> ackedInOrder = new CopyOnWriteArrayList<>();
    private final Map<String, List<StreamAppend>> streams = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong failedRequests = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong duplicatesAnswered = new AtomicLong();
    final AtomicLong deliberateResends = new AtomicLong();

    void sent(JsonNode event) {
        JsonNode before = sent.putIfAbsent(TestEvents.key(event), event);
        if (before != null && !before.equals(event)) {
            throw new IllegalStateException("test bug: two different events with key " + TestEvents.key(event));
        }
    }

    /** Records an acknowledgement; a second one for the same event must name the same position. */
    Acked ack(JsonNode event, JsonNode result) {
        String key = TestEvents.key(event);
        Acked now = new Acked(key, result.path("partition").asInt(-1), result.path("offset").asLong(-1),
                result.path("position").asLong(-1), event);
        if (now.partition() < 0 || now.offset() < 0) {
            violation("event " + key + " acknowledged without a position: " + result);
        }
        if (result.path("duplicate").asBoolean(false)) {
            duplicatesAnswered.incrementAndGet();
        }
        Acked before = acked.putIfAbsent(key, now);
        if (before == null) {
            ackedInOrder.add(now);
            return now;
        }
        if (before.partition() != now.partition() || before.offset() != now.offset()) {
            violation("event " + key + " acknowledged at " + before.partition() + "/" + before.offset() + " and later at "
                    + now.partition() + "/" + now.offset() + " (" + result + ")");
        }
        return before;
    }

    void streamAppended(StreamAppend append) {
        streams.computeIfAbsent(append.stream(), s -> new CopyOnWriteArrayList<>()).add(append);
    }

    void violation(String text) {
        violations.add(text);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    Map<String, JsonNode> sentEvents() {
        return sent;
    }

    Map<String, Acked> ackedEvents() {
        return acked;
    }

    /** An acknowledged event from the last {@code window} acknowledgements matching {@code keyPrefix}, or null. */
    Acked recent(String keyPrefix, int window, java.util.Random random) {
        List<Acked> candidates = new ArrayList<>();
        for (int i = ackedInOrder.size() - 1; i >= 0 && candidates.size() < window; i--) {
            Acked a = ackedInOrder.get(i);
            if (a.key().startsWith(keyPrefix)) {
                candidates.add(a);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    Map<String, List<StreamAppend>> streamAppends() {
        return streams;
    }
}
