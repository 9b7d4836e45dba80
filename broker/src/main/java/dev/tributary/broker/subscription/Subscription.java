package dev.tributary.broker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

/**
 * A subscription as the broker holds it: the user's definition, whether it is active or paused (and why), and its
 * revision for optimistic concurrency. Immutable.
 *
 * <pre>
 *            pause (API, or 410 Gone from the sink)
 *   ACTIVE ─────────────────────────────────────▶ PAUSED
 *          ◀───────────────────────────────────── resume (API)
 * </pre>
 *
 * @param pausedReason why it is paused, or {@code null} when active
 */
public record Subscription(
        SubscriptionSpec spec, State state, String pausedReason, long revision, Instant createdAt, Instant updatedAt) {

    public enum State {
        ACTIVE,
        PAUSED
    }

    public String id() {
        return spec.id();
    }

    /** The definition plus its state, as the API shows it: credentials redacted. */
    public ObjectNode toJson() {
        ObjectNode out = spec.toJson(true);
        out.put("state", state.name().toLowerCase(Locale.ROOT));
        if (pausedReason != null) {
            out.put("pausedReason", pausedReason);
        }
        out.put("revision", revision);
        out.put("createdAt", createdAt.toString());
        out.put("updatedAt", updatedAt.toString());
        return out;
    }

    /** What the metadata store keeps: the unredacted definition and the state; revision and times are its own. */
    static String document(SubscriptionSpec spec, State state, String pausedReason) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.set("spec", spec.toJson(false));
        doc.put("state", state.name().toLowerCase(Locale.ROOT));
        if (pausedReason != null) {
            doc.put("pausedReason", pausedReason);
        }
        return doc.toString();
    }

    static State state(JsonNode document) {
        return State.valueOf(document.path("state").asText("active").toUpperCase(Locale.ROOT));
    }
}
