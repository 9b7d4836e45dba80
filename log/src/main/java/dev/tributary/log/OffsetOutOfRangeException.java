package dev.tributary.log;

/** A read asked for an offset that retention already deleted. Names the earliest offset still available. */
public class OffsetOutOfRangeException extends StorageException {
    private final int partition;
    private final long earliestOffset;

    public OffsetOutOfRangeException(int partition, long requested, long earliestOffset) {
        super("partition " + partition + ": offset " + requested + " is no longer stored; the earliest available offset is "
                + earliestOffset);
        this.partition = partition;
        this.earliestOffset = earliestOffset;
    }

    public int partition() {
        return partition;
    }

    public long earliestOffset() {
        return earliestOffset;
    }
}
