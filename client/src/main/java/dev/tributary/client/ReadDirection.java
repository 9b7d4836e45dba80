package dev.tributary.client;

/** Which way a stream is read from the version given. */
public enum ReadDirection {
    /** Oldest first, from the version given upwards. */
    FORWARD,
    /** Newest first, from the version given downwards; from {@link Long#MAX_VALUE}, from the stream's last event. */
    BACKWARD
}
