package dev.tributary.broker.delivery;

import dev.tributary.broker.Bus;
import dev.tributary.broker.BusExistsException;
import dev.tributary.broker.Buses;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Publishes events a subscription gave up on to its dead-letter bus. The dead letter is the event itself, every
 * attribute, extension and data byte kept, plus these extension attributes (lower-case, valid CloudEvents names):
 *
 * <pre>
 * deadlettersubscription  string   the subscription id
 * deadletterreason        string   rejected | exhausted | redirect-refused | refused
 * deadletterstatus        integer  the last HTTP status; absent when the last attempt got no response
 * deadlettererror         string   the last error or response excerpt, at most 1 KB of UTF-8
 * deadletterattempts      integer  attempts made
 * deadletterfirstattempt  string   RFC 3339 time of the first attempt
 * deadletterlastattempt   string   RFC 3339 time of the last attempt
 * deadletterpartition     integer  where the event is in the subscription's bus: its partition …
 * deadletteroffset        string   … and offset, in decimal (a CloudEvents integer is 32 bits; offsets are 64)
 * </pre>
 *
 * The event keeps its {@code source}+{@code id}, so the dead-letter bus's dedup window makes a second dead-lettering
 * after a crash harmless. A missing dead-letter bus is created as the subscription API would (1 partition, 14 days).
 * Thread-safe; {@link #publish} returns once the dead letter is durable and throws otherwise.
 */
final class DeadLetters {
    static final int MAX_ERROR_BYTES = 1024;
    static final String SUBSCRIPTION = "deadlettersubscription";
    static final String PARTITION = "deadletterpartition";
    static final String OFFSET = "deadletteroffset";
    static final Duration RETENTION = Duration.ofDays(14);

    private final Buses buses;
    private final String busName;

    DeadLetters(Buses buses, String busName) {
        this.buses = buses;
        this.busName = busName;
    }

    /** What is known about the last attempt of a delivery given up on. */
    record Cause(String reason, int status, String error, int attempts, Instant firstAttempt, Instant lastAttempt,
            int partition, long offset) {}

    void publish(CloudEvent event, String subscriptionId, Cause cause) {
        bus().publish(List.of(deadLetter(event, subscriptionId, cause))).join();
    }

    static CloudEvent deadLetter(CloudEvent event, String subscriptionId, Cause cause) {
        CloudEventBuilder out = CloudEventBuilder.from(event)
                .withExtension(SUBSCRIPTION, subscriptionId)
                .withExtension("deadletterreason", cause.reason())
                .withExtension("deadletterattempts", cause.attempts())
                .withExtension("deadletterfirstattempt", cause.firstAttempt().toString())
                .withExtension("deadletterlastattempt", cause.lastAttempt().toString())
                .withExtension(PARTITION, cause.partition())
                .withExtension(OFFSET, Long.toString(cause.offset()))
                // a dead letter redriven and dead-lettered again must not keep the status or error of its past
                .withoutExtension("deadletterstatus")
                .withoutExtension("deadlettererror");
        if (cause.status() >= 0) {
            out.withExtension("deadletterstatus", cause.status());
        }
        if (cause.error() != null && !cause.error().isEmpty()) {
            out.withExtension("deadlettererror", cut(cause.error(), MAX_ERROR_BYTES));
        }
        return out.build();
    }

    private Bus bus() {
        return buses.find(busName).orElseGet(() -> {
            try {
                return buses.create(busName, 1, RETENTION, -1);
            } catch (BusExistsException raced) {
                return buses.get(busName);
            }
        });
    }

    /** The longest prefix of {@code text} of at most {@code maxBytes} UTF-8 bytes that ends on a character boundary. */
    static String cut(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
