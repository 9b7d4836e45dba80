package dev.tributary.core.eventstore;

/** Which way a read goes: forward from a version or position, or backward (newest first). */
public enum Direction {
    FORWARD,
    BACKWARD
}
