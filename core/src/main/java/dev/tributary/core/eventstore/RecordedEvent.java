package dev.tributary.core.eventstore;

import io.cloudevents.CloudEvent;
import java.time.Instant;

/**
 * An event as an {@link EventStore} stored it.
 *
 * @param stream the stream it was appended to, or {@code null} for an event published to the bus without one
 * @param version its version in that stream (0, 1, 2…), or {@code -1}
 * @param position its position in the bus's global order, or {@code -1} where the read does not give it
 * @param time when the store appended it
 * @param event the CloudEvent exactly as accepted: every attribute and extension, the data bytes as received
 */
public record RecordedEvent(String stream, long version, long position, Instant time, CloudEvent event) {}
