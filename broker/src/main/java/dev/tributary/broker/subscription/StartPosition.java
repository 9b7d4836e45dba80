package dev.tributary.broker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.InvalidFieldException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a subscription starts reading its bus, or where a {@code reset} moves it: {@code earliest} (the oldest event
 * retained), {@code latest} (only events published from now on; the default), a time (the first event appended at
 * or after it, in every partition), or explicit offsets per partition (partitions not named start at
 * {@code latest}). Immutable values.
 *
 * <p>JSON: {@code "earliest"}, {@code "latest"}, an RFC 3339 time such as {@code "2026-11-20T00:00:00Z"}, or an
 * object of partition → offset such as {@code {"0": 12, "3": 40}}.
 */
public sealed interface StartPosition {
    record Earliest() implements StartPosition {}

    record Latest() implements StartPosition {}

    record AtTime(Instant time) implements StartPosition {}

    /** Offsets per partition, at least one; offsets ≥ 0. */
    record AtOffsets(Map<Integer, Long> offsets) implements StartPosition {
        public AtOffsets {
            offsets = Map.copyOf(offsets);
        }
    }

    StartPosition EARLIEST = new Earliest();
    StartPosition LATEST = new Latest();

    /** Parses the JSON forms above; {@code null} or absent means {@link #LATEST}. */
    static StartPosition fromJson(JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return LATEST;
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (text.equalsIgnoreCase("earliest")) {
                return EARLIEST;
            }
            if (text.equalsIgnoreCase("latest")) {
                return LATEST;
            }
            try {
                return new AtTime(Instant.parse(text));
            } catch (DateTimeParseException e) {
                throw new InvalidFieldException(field,
                        "must be earliest, latest, an RFC 3339 time or an object of partition to offset, was \"" + text + "\"");
            }
        }
        if (node.isObject() && !node.isEmpty()) {
            Map<Integer, Long> offsets = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                int partition;
                try {
                    partition = Integer.parseInt(e.getKey());
                } catch (NumberFormatException ex) {
                    throw new InvalidFieldException(field + "." + e.getKey(), "must be a partition number");
                }
                JsonNode offset = e.getValue();
                if (partition < 0 || !offset.isIntegralNumber() || !offset.canConvertToLong() || offset.asLong() < 0) {
                    throw new InvalidFieldException(field + "." + e.getKey(),
                            "must map a partition number ≥ 0 to an offset ≥ 0");
                }
                offsets.put(partition, offset.asLong());
            }
            return new AtOffsets(offsets);
        }
        throw new InvalidFieldException(field,
                "must be earliest, latest, an RFC 3339 time or a non-empty object of partition to offset");
    }

    /** The JSON form that {@link #fromJson} reads back. */
    default JsonNode toJson() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (this) {
            case Earliest e -> json.textNode("earliest");
            case Latest l -> json.textNode("latest");
            case AtTime t -> json.textNode(t.time().toString());
            case AtOffsets o -> {
                ObjectNode node = json.objectNode();
                new TreeMap<>(o.offsets()).forEach((p, offset) -> node.put(Integer.toString(p), offset));
                yield node;
            }
        };
    }
}
