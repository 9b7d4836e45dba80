package dev.tributary.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.core.CloudEventJson;
import dev.tributary.core.InvalidEventException;
import dev.tributary.core.eventstore.LeasedEvent;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a page of events, {@code {"events":[envelope, …],"next":n,"currentVersion":v}}, where an envelope is
 * {@code {"partition":0,"offset":7,"time":"…","stream":"s","version":0,"event":{structured CloudEvent}}}.
 *
 * <p>The page is streamed over its bytes, and each {@code event} object is handed to {@link CloudEventJson} as the
 * exact bytes the node sent: a data member that is JSON keeps its spelling (whitespace, key order, number forms),
 * which a detour through a JSON tree would not. A page that is not of this shape is an
 * {@link IllegalStateException}. Stateless.
 */
final class EventPages {
    private EventPages() {}

    /** A page of a partition read. */
    static PartitionPage partition(byte[] body) {
        Page page = read(body);
        return new PartitionPage(page.events, page.next);
    }

    /** A page of a stream read, which also carries the stream's current version. */
    static StreamPage stream(byte[] body) {
        Page page = read(body);
        if (page.currentVersion == null) {
            throw new IllegalStateException("the answer has no 'currentVersion'");
        }
        return new StreamPage(page.events, page.next, page.currentVersion,
                page.firstVersion == null ? 0 : page.firstVersion);
    }

    /** A page of a read of the global order, with its bounds. */
    static AllPage all(byte[] body) {
        Page page = read(body);
        if (page.firstPosition == null || page.endPosition == null) {
            throw new IllegalStateException("the answer has no 'firstPosition' or 'endPosition'");
        }
        return new AllPage(page.events, page.next, page.firstPosition, page.endPosition);
    }

    /**
     * The events of a consumer group's fetch, {@code {"events":[{"position":p,"deliveries":n,"leaseUntil":"…",
     * "envelope":{…}}, …]}}.
     */
    static List<LeasedEvent> leased(byte[] body) {
        try (JsonParser p = Answers.JSON.getFactory().createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the answer");
            List<LeasedEvent> out = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                if (!"events".equals(name)) {
                    p.skipChildren();
                    continue;
                }
                expect(value, JsonToken.START_ARRAY, "'events'");
                out = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    out.add(leased(p, body));
                }
            }
            if (out == null) {
                throw new IllegalStateException("the answer has no 'events'");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("the answer is not the JSON of a fetch: " + e.getMessage(), e);
        }
    }

    private static LeasedEvent leased(JsonParser p, byte[] body) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "a leased event");
        int deliveries = -1;
        Instant leaseUntil = null;
        StoredEvent event = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "deliveries" -> deliveries = p.getIntValue();
                case "leaseUntil" -> leaseUntil = instant(p.getText());
                case "envelope" -> {
                    expect(value, JsonToken.START_OBJECT, "an envelope");
                    event = envelope(p, body);
                }
                default -> p.skipChildren(); // "position" is the envelope's too
            }
        }
        if (deliveries < 1 || leaseUntil == null || event == null) {
            throw new IllegalStateException("a leased event lacks its deliveries, leaseUntil or envelope");
        }
        return new LeasedEvent(RemoteEventStore.recorded(event), deliveries, leaseUntil);
    }

    /** One envelope as an SSE message carries it. */
    static StoredEvent envelope(byte[] body) {
        try (JsonParser p = Answers.JSON.getFactory().createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "an envelope");
            return envelope(p, body);
        } catch (IOException e) {
            throw new IllegalStateException("the message is not the JSON of an envelope: " + e.getMessage(), e);
        }
    }

    private record Page(List<StoredEvent> events, long next, Long currentVersion, Long firstVersion,
            Long firstPosition, Long endPosition) {}

    private static Page read(byte[] body) {
        try (JsonParser p = Answers.JSON.getFactory().createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the answer");
            List<StoredEvent> events = null;
            Long next = null;
            Long currentVersion = null;
            Long firstVersion = null;
            Long firstPosition = null;
            Long endPosition = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "events" -> {
                        expect(value, JsonToken.START_ARRAY, "'events'");
                        events = new ArrayList<>();
                        JsonToken element;
                        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                            expect(element, JsonToken.START_OBJECT, "an envelope");
                            events.add(envelope(p, body));
                        }
                    }
                    case "next" -> next = p.getLongValue();
                    case "currentVersion" -> currentVersion = p.getLongValue();
                    case "firstVersion" -> firstVersion = p.getLongValue();
                    case "firstPosition" -> firstPosition = p.getLongValue();
                    case "endPosition" -> endPosition = p.getLongValue();
                    default -> p.skipChildren(); // members of later node versions
                }
            }
            if (events == null || next == null) {
                throw new IllegalStateException("the answer has no '" + (events == null ? "events" : "next") + "'");
            }
            return new Page(events, next, currentVersion, firstVersion, firstPosition, endPosition);
        } catch (IOException e) {
            throw new IllegalStateException("the answer is not the JSON of a page of events: " + e.getMessage(), e);
        }
    }

    /** One envelope; the parser stands on its opening brace and is left on its closing one. */
    private static StoredEvent envelope(JsonParser p, byte[] body) throws IOException {
        int partition = -1;
        long offset = -1;
        long version = -1;
        long position = -1;
        Instant time = null;
        String stream = null;
        CloudEvent event = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "partition" -> partition = p.getIntValue();
                case "offset" -> offset = p.getLongValue();
                case "time" -> time = instant(p.getText());
                case "stream" -> stream = p.getText();
                case "version" -> version = p.getLongValue();
                case "position" -> position = p.getLongValue();
                case "event" -> {
                    expect(value, JsonToken.START_OBJECT, "an envelope's 'event'");
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    event = event(Arrays.copyOfRange(body, start, (int) p.currentLocation().getByteOffset()));
                }
                default -> p.skipChildren();
            }
        }
        if (partition < 0 || offset < 0 || time == null || event == null) {
            throw new IllegalStateException("an envelope lacks its partition, offset, time or event");
        }
        return new StoredEvent(partition, offset, time, stream, version, event, position);
    }

    private static CloudEvent event(byte[] json) {
        try {
            return CloudEventJson.parseEvent(json);
        } catch (InvalidEventException e) {
            throw new IllegalStateException("the node sent an event that does not read back: " + e.getMessage(), e);
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("an envelope's time is not RFC 3339: " + text);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + " is not a JSON " + (expected == JsonToken.START_ARRAY ? "array" : "object"));
        }
    }
}
