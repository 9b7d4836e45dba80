package dev.tributary.client;

import dev.tributary.core.eventstore.Snapshot;

/**
 * A stream loaded in one call ({@link TributaryClient#loadStream}).
 *
 * @param snapshot its latest usable snapshot, or null
 * @param events the events after it: {@link StreamPage#next()} continues, {@link StreamPage#currentVersion()} is the
 *     stream's last version
 */
public record LoadedPage(Snapshot snapshot, StreamPage events) {}
