package dev.tributary.core.eventstore.projection;

import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.Selection;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Builds a {@link Projection} from functions. Defaults: version 1, all events, keyed by stream. {@link #initialState}
 * and {@link #apply} are required. Not thread-safe; the projection it builds is immutable.
 */
public final class ProjectionBuilder<S> {
    private final String name;
    private final StateCodec<S> codec;
    private int version = 1;
    private Selection selection = Selection.all();
    private Function<String, S> initialState;
    private BiFunction<S, RecordedEvent, S> apply;
    private Function<RecordedEvent, String> keyOf = RecordedEvent::stream;

    ProjectionBuilder(String name, StateCodec<S> codec) {
        this.name = ProjectionChecks.requireName(name);
        if (codec == null) {
            throw new IllegalArgumentException("codec is required");
        }
        this.codec = codec;
    }

    /** The version, 1 or more: raise it when {@link #apply} changes, and the projection is rebuilt. */
    public ProjectionBuilder<S> version(int value) {
        version = ProjectionChecks.requireVersion(value);
        return this;
    }

    /** The events folded: {@link Selection#all()} (the default), a category or a type, optionally filtered. */
    public ProjectionBuilder<S> from(Selection value) {
        selection = ProjectionChecks.require(value, "selection");
        return this;
    }

    /** The same initial state for every key (it should be immutable: each key starts from it). */
    public ProjectionBuilder<S> initialState(S value) {
        ProjectionChecks.require(value, "initialState");
        initialState = key -> value;
        return this;
    }

    /** The initial state of a key, from the key. */
    public ProjectionBuilder<S> initialState(Function<String, S> value) {
        initialState = ProjectionChecks.require(value, "initialState");
        return this;
    }

    /** The fold: the state after an event ({@code null} deletes the key). */
    public ProjectionBuilder<S> apply(BiFunction<S, RecordedEvent, S> value) {
        apply = ProjectionChecks.require(value, "apply");
        return this;
    }

    /** The key of an event, instead of its stream; {@code null} passes the event over. */
    public ProjectionBuilder<S> keyedBy(Function<RecordedEvent, String> value) {
        keyOf = ProjectionChecks.require(value, "keyedBy");
        return this;
    }

    public Projection<S> build() {
        ProjectionChecks.require(initialState, "initialState");
        ProjectionChecks.require(apply, "apply");
        return new BuiltProjection<>(name, version, selection, codec, initialState, apply, keyOf);
    }

    private record BuiltProjection<S>(
            String name,
            int version,
            Selection selection,
            StateCodec<S> codec,
            Function<String, S> initial,
            BiFunction<S, RecordedEvent, S> fold,
            Function<RecordedEvent, String> key)
            implements Projection<S> {

        @Override
        public S initialState(String k) {
            return initial.apply(k);
        }

        @Override
        public S apply(S state, RecordedEvent event) {
            return fold.apply(state, event);
        }

        @Override
        public String keyOf(RecordedEvent event) {
            return key.apply(event);
        }

        @Override
        public String toString() {
            return "projection '" + name + "' v" + version;
        }
    }
}
