package dev.tributary.core.eventstore;

import java.util.List;

/**
 * A stream loaded in one call: its latest usable snapshot and the events after it ({@link EventStore#loadStream}).
 *
 * @param snapshot the latest snapshot, or null when there is none (or it covers versions the stream's metadata no
 *     longer keeps, such as before a soft delete); the events then start at the first kept version
 * @param events the events after the snapshot, in version order
 * @param nextVersion the version to read from when more events follow than were returned
 * @param currentVersion the stream's last version
 */
public record LoadedStream(Snapshot snapshot, List<RecordedEvent> events, long nextVersion, long currentVersion) {}
