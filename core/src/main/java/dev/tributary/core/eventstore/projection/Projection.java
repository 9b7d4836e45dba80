package dev.tributary.core.eventstore.projection;

import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.Selection;

/**
 * A projection: the events a {@link Selection} picks, folded into one state per key. A {@link Projector} runs it;
 * states and the projection's checkpoint are committed together, so every event is applied exactly once to the
 * stored states, also across crashes.
 *
 * <p>Implementations must be thread-safe in the sense that the projector calls them from its own thread, one event at
 * a time, and from a second thread while it rebuilds; {@link #apply} should be a deterministic function of the state
 * and the event (a failed batch is applied again up to the event that failed). Anything it throws stops the projection
 * at that event ({@link ProjectionState#DEGRADED}) until an operator retries or skips it.
 *
 * @param <S> the state of one key; {@link #codec()} turns it into bytes
 */
public interface Projection<S> {

    /** 1-48 characters {@code a-z 0-9 _ -} starting with a letter or digit; names its tables. */
    String name();

    /** 1 or more; a higher version than the stored one rebuilds the projection from the start beside the old one. */
    int version();

    /** The events it folds: all of the bus's global order, one category or one type, optionally filtered. */
    Selection selection();

    /** How a state is stored. A text codec stores text (a {@code TEXT} column), others bytes. */
    StateCodec<S> codec();

    /** The state of a key no event has touched yet (or whose state {@link #apply} deleted). */
    S initialState(String key);

    /** The state after {@code event}; {@code null} deletes the key's state. */
    S apply(S state, RecordedEvent event);

    /**
     * The key whose state {@code event} changes: by default its stream. {@code null} means the event does not concern
     * this projection (it is passed over, and the checkpoint moves past it); an event published without a stream has
     * no key by default. Keys are 1-512 characters without NUL.
     */
    default String keyOf(RecordedEvent event) {
        return event.stream();
    }

    /** A builder of a projection from functions: {@code Projection.builder("cart-totals", codec).apply(…).build()}. */
    static <S> ProjectionBuilder<S> builder(String name, StateCodec<S> codec) {
        return new ProjectionBuilder<>(name, codec);
    }
}
