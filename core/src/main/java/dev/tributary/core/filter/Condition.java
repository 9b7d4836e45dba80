package dev.tributary.core.filter;

import io.cloudevents.CloudEvent;

/**
 * One compiled node of a filter tree. Implementations are immutable, so a tree is shared by all threads.
 *
 * <p>{@code data} is the lazily parsed JSON data of this one evaluation. Only {@link DataCondition} reads it, and a
 * tree without one gets {@code null}, which saves attribute-only filters an allocation per event.
 *
 * <p>Evaluation errors are reported to {@link EvaluationErrors} and make {@code test} false; anything a condition
 * throws instead is unexpected and {@link CompiledFilter} turns it into "no match" for the whole filter. The work of
 * one {@code test} is bounded by the size of the condition times the size of the event ({@link CesqlLimits},
 * {@link FilterCompiler#MAX_CONDITIONS}).
 */
interface Condition {
    boolean test(CloudEvent event, EventData data);
}
