package dev.tributary.core.filter;

import io.cloudevents.CloudEvent;

/**
 * One compiled node of a filter tree. Implementations are immutable, so a tree is shared by all threads.
 *
 * <p>{@code data} is the lazily parsed JSON data of this one evaluation. Only {@link DataCondition} reads it, and a
 * tree without one gets {@code null}, which saves attribute-only filters an allocation per event.
 */
interface Condition {
    boolean test(CloudEvent event, EventData data);
}
