package dev.tributary.log;

import java.util.List;

/**
 * The result of an append to a stream.
 *
 * @param positions where each event lives, in request order
 * @param firstVersion the version of the first event
 * @param currentVersion the stream's version after the append (the version of the last event)
 * @param duplicate true when this was a retry of an earlier identical append and nothing was written
 */
public record StreamAppendResult(List<Position> positions, long firstVersion, long currentVersion, boolean duplicate) {}
