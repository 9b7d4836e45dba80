package dev.tributary.core.eventstore;

/** A stream append's expected version did not hold; nothing was written. */
public class WrongExpectedVersionException extends EventStoreException {
    private final String stream;
    private final ExpectedVersion expected;
    private final long currentVersion;

    public WrongExpectedVersionException(String stream, ExpectedVersion expected, long currentVersion) {
        super("stream '" + stream + "': expected version " + expected + " but the current version is "
                + (currentVersion < 0 ? "none (no stream)" : Long.toString(currentVersion)));
        this.stream = stream;
        this.expected = expected;
        this.currentVersion = currentVersion;
    }

    public String stream() {
        return stream;
    }

    public ExpectedVersion expected() {
        return expected;
    }

    /** The stream's last version, -1 if it does not exist. */
    public long currentVersion() {
        return currentVersion;
    }
}
