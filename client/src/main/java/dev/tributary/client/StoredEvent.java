package dev.tributary.client;

import io.cloudevents.CloudEvent;
import java.time.Instant;

/**
 * An event as read back from a bus.
 *
 * @param partition its partition
 * @param offset its offset in the partition
 * @param time when the node appended it
 * @param stream the stream it was appended to, or {@code null} for an event published to the bus
 * @param version its version in that stream, or -1
 * @param event the event as the node stored it: every attribute and extension, and the data bytes as published
 */
public record StoredEvent(
        int partition, long offset, Instant time, String stream, long version, CloudEvent event, long position) {

    /** An event read from a partition or a stream, without its place in the global order. */
    public StoredEvent(int partition, long offset, Instant time, String stream, long version, CloudEvent event) {
        this(partition, offset, time, stream, version, event, -1);
    }
}
