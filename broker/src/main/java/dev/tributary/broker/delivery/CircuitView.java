package dev.tributary.broker.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * A subscription's circuit as its API shows it.
 *
 * @param state closed (delivering), open (the sink is left alone until {@code nextProbeAt}) or half-open (one probe is
 *     under way)
 * @param failuresInARow the attempts that failed since the sink last answered
 * @param nextProbeAt while open: when the one probe attempt goes out
 * @param openedAt while not closed: when the circuit opened
 */
public record CircuitView(
        CircuitState state, int failuresInARow, Optional<Instant> nextProbeAt, Optional<Instant> openedAt) {

    /** A circuit of a subscription that is not being delivered (paused, stopped, its bus missing). */
    public static final CircuitView IDLE = new CircuitView(CircuitState.CLOSED, 0, Optional.empty(), Optional.empty());

    /**
     * When an attempt due at {@code due} really goes out: not before the next probe while the circuit is open (and only
     * one attempt goes then; the others follow if it succeeds).
     */
    public Instant attemptAt(Instant due) {
        return nextProbeAt.filter(probe -> probe.isAfter(due)).orElse(due);
    }
}
