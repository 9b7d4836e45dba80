package dev.tributary.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.EventRules;
import dev.tributary.core.InvalidFieldException;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * What a provider's request says about its event: id, type and, where there is one, source, subject and time.
 * {@link ProviderEvents} asks only for what the hook's {@link EventOptions} do not fix, adds the data and the
 * extensions and checks the result. Implementations are stateless and thread-safe.
 */
interface ProviderMapping {
    /** The event id: the provider's delivery id, so that its retries deduplicate; never blank. */
    String id(HookRequest request, Payload payload);

    /**
     * The event type.
     *
     * @throws InvalidFieldException when the request has nothing to make it from
     */
    String type(HookRequest request, Payload payload);

    /** The source, or {@code null} for the hook's own, {@code /hooks/<name>}. */
    default URI source(HookRequest request, Payload payload) {
        return null;
    }

    /** The subject, or {@code null} for none. */
    default String subject(HookRequest request, Payload payload) {
        return null;
    }

    /** When the event happened by the provider, or {@code null} for the receive time. */
    default Instant time(HookRequest request, Payload payload) {
        return null;
    }

    /** Longest provider-given piece of a type. */
    int MAX_SEGMENT = 128;

    /**
     * A piece of a type taken from the request ({@code pull_request}, {@code invoice.paid}): 1–{@value #MAX_SEGMENT}
     * characters {@code A-Z a-z 0-9 _ - .}, so that a type stays a dotted name whatever a sender puts in a header.
     */
    static String segment(String field, String value) {
        boolean ok = value != null && !value.isEmpty() && value.length() <= MAX_SEGMENT;
        for (int i = 0; ok && i < value.length(); i++) {
            char c = value.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_-.".indexOf(c) >= 0;
        }
        if (!ok) {
            throw new InvalidFieldException(field, value == null
                    ? "is required to make the event type (or configure a fixed type)"
                    : "must be 1-" + MAX_SEGMENT + " characters A-Z a-z 0-9 _ - . to make the event type");
        }
        return value;
    }

    /** An integral JSON number of Unix seconds, or {@code null}. */
    static Instant epochSeconds(JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(node.asLong());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** An RFC 3339 timestamp, or {@code null} when {@code text} is none. */
    static Instant rfc3339(String text) {
        if (text == null) {
            return null;
        }
        try {
            return EventRules.time(text).toInstant();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code text} as a URI, or {@code null} when it is not one. */
    static URI uri(String text) {
        try {
            return EventRules.source(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
