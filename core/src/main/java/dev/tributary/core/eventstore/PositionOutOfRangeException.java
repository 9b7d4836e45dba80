package dev.tributary.core.eventstore;

/**
 * A read of the global order asked for a position that is not stored: below the first readable one (retention or
 * deletion dropped it) or beyond the end. Names both bounds.
 */
public class PositionOutOfRangeException extends EventStoreException {
    private final long requested;
    private final long firstPosition;
    private final long endPosition;

    public PositionOutOfRangeException(String bus, long requested, long firstPosition, long endPosition) {
        super("bus '" + bus + "': global position " + requested + (requested < firstPosition
                ? " is no longer stored; the first readable position is " + firstPosition
                : " is beyond the end; the next position to be written is " + endPosition
                        + " (the first readable is " + firstPosition + ")"));
        this.requested = requested;
        this.firstPosition = firstPosition;
        this.endPosition = endPosition;
    }

    public long requested() {
        return requested;
    }

    public long firstPosition() {
        return firstPosition;
    }

    public long endPosition() {
        return endPosition;
    }
}
