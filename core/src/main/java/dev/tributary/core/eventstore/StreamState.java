package dev.tributary.core.eventstore;

/**
 * Where a stream stands: its versions and its metadata.
 *
 * @param stream the stream id
 * @param currentVersion its last version, -1 when nothing was ever appended
 * @param firstVersion the first version its limits keep (reads start there); beyond {@code currentVersion} after a
 *     soft delete
 * @param metadata its metadata ({@link StreamMetadata#NONE} when none was set)
 * @param deleted true after a hard delete: the stream refuses reads, appends and metadata from then on
 */
public record StreamState(String stream, long currentVersion, long firstVersion, StreamMetadata metadata,
        boolean deleted) {}
