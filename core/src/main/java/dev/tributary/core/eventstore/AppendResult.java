package dev.tributary.core.eventstore;

/**
 * What a stream append did.
 *
 * @param firstVersion the version of the first event appended
 * @param currentVersion the stream's version after the append: the expected version of the next one
 * @param position the global position of the first event appended; {@code -1} for a retry answered from the
 *     original append (then {@code duplicate} is true)
 * @param duplicate true when the append repeated an earlier one (the same event ids at the same versions) and
 *     nothing was written
 */
public record AppendResult(long firstVersion, long currentVersion, long position, boolean duplicate) {}
