package dev.tributary.log.internal;

import dev.tributary.log.Position;
import dev.tributary.log.StreamAppendResult;
import java.util.List;

/**
 * A group commit that its partition writer wrote and made durable, waiting for its place in the global order:
 * once it has one, it completes the group's appends with the global positions of the events it wrote.
 *
 * <p>Completed on the order's sequencer thread; {@code onDone} tells the writer, which pauses while too many of its
 * groups wait ({@link GlobalOrder#MAX_GROUPS_IN_FLIGHT}).
 */
final class WrittenGroup implements GlobalOrder.Group {
    private final int partition;
    private final List<PartitionWriter.Append> appends;
    private final long offset;
    private final int count;
    private final long[] keys;
    private final Runnable onDone;

    WrittenGroup(int partition, List<PartitionWriter.Append> appends, long offset, int count, long[] keys,
            Runnable onDone) {
        this.partition = partition;
        this.appends = appends;
        this.offset = offset;
        this.count = count;
        this.keys = keys;
        this.onDone = onDone;
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long[] keys() {
        return keys;
    }

    @Override
    public void sequenced(long position) {
        complete(appends, offset, count, position);
        onDone.run();
    }

    @Override
    public void failed(RuntimeException error) {
        for (PartitionWriter.Append a : appends) {
            a.future.completeExceptionally(error);
        }
        onDone.run();
    }

    /**
     * Completes the appends of a group; with {@code position} >= 0, every position of the group's records
     * ({@code offset..offset+count}) gets its global position.
     */
    static void complete(List<PartitionWriter.Append> appends, long offset, int count, long position) {
        for (PartitionWriter.Append a : appends) {
            if (a.error != null) {
                a.future.completeExceptionally(a.error);
            } else {
                a.future.complete(position < 0 ? a.result : withGlobalPositions(a.result, offset, count, position));
            }
        }
    }

    /** An append's result with the global positions of the events this group wrote. */
    @SuppressWarnings("unchecked")
    private static Object withGlobalPositions(Object result, long offset, int count, long position) {
        if (result instanceof StreamAppendResult r) {
            return new StreamAppendResult(withGlobalPositions(r.positions(), offset, count, position),
                    r.firstVersion(), r.currentVersion(), r.duplicate());
        }
        return withGlobalPositions((List<Position>) result, offset, count, position);
    }

    private static List<Position> withGlobalPositions(List<Position> positions, long offset, int count, long first) {
        Position[] out = new Position[positions.size()];
        for (int i = 0; i < out.length; i++) {
            Position p = positions.get(i);
            long at = p.offset() - offset;
            out[i] = at >= 0 && at < count ? p.withGlobalPosition(first + at) : p;
        }
        return List.of(out);
    }
}
