package dev.tributary.broker.delivery;

/**
 * The health of a subscription's sink as its circuit breaker sees it.
 *
 * <pre>
 *    N failed attempts in a row over ≥ 5 s       probe delay passed
 *  CLOSED ───────────────────────────▶ OPEN ──────────────────────▶ HALF_OPEN (one probe attempt)
 *    ▲                                  ▲                                │
 *    │                                  └──────── probe failed ──────────┤
 *    └──────────────────────────────────────────── probe succeeded ──────┘
 * </pre>
 */
public enum CircuitState {
    /** Healthy: deliveries flow. */
    CLOSED,
    /** Unhealthy: no attempts (fresh events wait in the log, retries in the schedule) until the next probe. */
    OPEN,
    /** One probe attempt is under way; its outcome closes or reopens the circuit. */
    HALF_OPEN
}
