package dev.tributary.core.eventstore.projection;

/**
 * One key's stored state.
 *
 * @param key the key
 * @param state its state
 * @param position the global position of the last event that changed it
 */
public record KeyedState<S>(String key, S state, long position) {}
