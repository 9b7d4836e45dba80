package dev.tributary.broker.store;

/**
 * An update stated a revision that is no longer the subscription's current one: someone else updated it first.
 * The caller re-reads the subscription (at {@link #currentRevision()}) and decides again.
 */
public class RevisionConflictException extends RuntimeException {
    private final long expectedRevision;
    private final long currentRevision;

    public RevisionConflictException(String id, long expectedRevision, long currentRevision) {
        super("subscription '" + id + "' is at revision " + currentRevision + ", not " + expectedRevision);
        this.expectedRevision = expectedRevision;
        this.currentRevision = currentRevision;
    }

    public long expectedRevision() {
        return expectedRevision;
    }

    public long currentRevision() {
        return currentRevision;
    }
}
