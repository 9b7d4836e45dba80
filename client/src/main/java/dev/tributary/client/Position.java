package dev.tributary.client;

/**
 * Where the node stored a published event.
 *
 * @param partition the bus partition it went to
 * @param offset its offset in that partition
 * @param duplicate true when the node had already accepted an event with the same {@code source} and {@code id}
 *     within the bus's dedup window: nothing was written, and this is where the original is
 */
public record Position(int partition, long offset, boolean duplicate, long position) {

    /** A position whose place in the global order the answer did not give. */
    public Position(int partition, long offset, boolean duplicate) {
        this(partition, offset, duplicate, -1);
    }
}
