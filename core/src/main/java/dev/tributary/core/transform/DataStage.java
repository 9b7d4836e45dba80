package dev.tributary.core.transform;

/**
 * The part of a transform that makes an event's new data: a {@link Template} or a {@link JsonataExpression}.
 * Implementations are immutable and thread-safe.
 */
interface DataStage {
    /**
     * The new data for {@code event}.
     *
     * @throws TransformException if it cannot be made for this event
     */
    byte[] produce(EventDocument event);
}
