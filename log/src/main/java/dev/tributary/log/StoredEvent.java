package dev.tributary.log;

import io.cloudevents.CloudEvent;
import java.time.Instant;

/**
 * An event as read back from the log.
 *
 * @param partition its partition
 * @param offset its offset in the partition
 * @param time the append time
 * @param stream the stream it was appended to, or {@code null}
 * @param version its version in that stream, or {@code -1}
 * @param event the event exactly as accepted: every attribute and extension with its type, data bytes as received
 * @param globalPosition its position in the bus's global order when it was read in that order ({@link
 *     BusLog#readAll}), otherwise {@code -1}
 */
public record StoredEvent(
        int partition, long offset, Instant time, String stream, long version, CloudEvent event, long globalPosition) {

    /** An event read from a partition or a stream, without its global position. */
    public StoredEvent(int partition, long offset, Instant time, String stream, long version, CloudEvent event) {
        this(partition, offset, time, stream, version, event, -1);
    }
}
