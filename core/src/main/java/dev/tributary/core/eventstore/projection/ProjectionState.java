package dev.tributary.core.eventstore.projection;

/**
 * Where a projection version stands.
 *
 * <pre>
 *   CATCHING_UP ──reached the end──▶ RUNNING ──fell behind──▶ CATCHING_UP
 *        │                              │
 *        └───────── an event failed, the state store failed, the subscription ended ─────▶ DEGRADED
 *   DEGRADED ──retry() / skip() / restart──▶ CATCHING_UP        any ──close()──▶ STOPPED
 * </pre>
 */
public enum ProjectionState {
    /** Applying history: behind the end of the store. */
    CATCHING_UP,
    /** Caught up: applying events as they are appended. */
    RUNNING,
    /** Stopped at a failure (its error and position are in the status) until retried or skipped. */
    DEGRADED,
    /** Not running: closed, or an old version still serving while a new one rebuilds. */
    STOPPED
}
