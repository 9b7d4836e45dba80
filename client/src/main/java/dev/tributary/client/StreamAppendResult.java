package dev.tributary.client;

import java.util.List;

/**
 * The node's answer to a stream append.
 *
 * @param stream the stream appended to
 * @param firstVersion the version of the first event appended; the i-th event has {@code firstVersion + i}
 * @param currentVersion the stream's last version after the append
 * @param duplicate true when the node had already appended these events (same {@code source} and {@code id}):
 *     nothing was written, and the positions and versions are the originals'
 * @param positions where each event is stored, in the order given
 */
public record StreamAppendResult(String stream, long firstVersion, long currentVersion, boolean duplicate,
        List<Position> positions) {
    public StreamAppendResult {
        positions = List.copyOf(positions);
    }
}
