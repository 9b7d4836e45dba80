package dev.tributary.core.eventstore;

import java.time.Instant;
import java.util.Arrays;

/**
 * The state of a stream's aggregate as of one version, so that loading it reads the snapshot and the events after it
 * instead of the whole stream. Derived data: deleting it loses nothing, the events are still there.
 *
 * @param version the stream version the state covers (every event up to and including it)
 * @param schemaVersion the version of the state's encoding, chosen by the application (0 or more), so that it can tell
 *     a snapshot it can no longer read from one it can
 * @param state the encoded state, at most {@value #MAX_STATE_BYTES} bytes
 * @param takenAt when it was stored (set by the store; null when saving)
 */
public record Snapshot(long version, int schemaVersion, byte[] state, Instant takenAt) {
    public static final int MAX_STATE_BYTES = 16 << 20;

    public Snapshot {
        if (version < 0) {
            throw new IllegalArgumentException("version must be a stream version (0 or more), was " + version);
        }
        if (schemaVersion < 0) {
            throw new IllegalArgumentException("schemaVersion must be 0 or more, was " + schemaVersion);
        }
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
        if (state.length > MAX_STATE_BYTES) {
            throw new IllegalArgumentException("state must be at most " + MAX_STATE_BYTES + " bytes, was "
                    + state.length);
        }
    }

    public static Snapshot of(long version, int schemaVersion, byte[] state) {
        return new Snapshot(version, schemaVersion, state, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && s.version == version && s.schemaVersion == schemaVersion
                && Arrays.equals(s.state, state) && java.util.Objects.equals(s.takenAt, takenAt);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(state);
    }

    @Override
    public String toString() {
        return "Snapshot[version=" + version + ", schemaVersion=" + schemaVersion + ", " + state.length + " bytes, takenAt="
                + takenAt + "]";
    }
}
