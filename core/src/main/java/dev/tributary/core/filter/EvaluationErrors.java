package dev.tributary.core.filter;

import io.cloudevents.CloudEvent;

/**
 * Where a {@link Filter} reports an event it could not evaluate, so that broken filters can be counted and logged
 * (e.g. {@code (event, path, reason) -> filterErrors.increment()}). The event then does not match.
 *
 * <p>Called concurrently from every thread that evaluates the filter, inline with dispatch: implementations must be
 * thread-safe and cheap, and should not throw (an exception they throw is ignored).
 *
 * <p>What counts as an error: a CESQL expression that fails (a missing attribute, a failed cast, division by zero; use
 * {@code EXISTS} to test optional attributes) or that yields a non-boolean, {@code data.<field>} keys over JSON data
 * that does not parse, and any unexpected exception. Events that simply do not match are not errors, and neither are
 * non-JSON data or missing members under a {@code data.<field>} key.
 */
@FunctionalInterface
public interface EvaluationErrors {
    /**
     * Records one failed evaluation.
     *
     * @param event the event being filtered
     * @param path the filter that failed, e.g. {@code filters[0].sql}; just {@code filters} for unexpected exceptions
     * @param reason what went wrong, e.g. the CESQL error message
     */
    void record(CloudEvent event, String path, String reason);

    /** Discards errors. */
    static EvaluationErrors ignore() {
        return (event, path, reason) -> {};
    }
}
