package dev.tributary.core.eventstore.projection;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * Turns a projection's state into what its table stores and back. Implementations must be thread-safe; a failure is
 * an unchecked exception, which stops the projection at the event whose state it was (never a skip).
 *
 * @param <S> the state
 */
public interface StateCodec<S> {

    byte[] encode(S state);

    S decode(byte[] bytes);

    /** Whether {@link #encode} gives UTF-8 text, stored in a {@code TEXT} column that SQL can read as it is. */
    default boolean isText() {
        return false;
    }

    /**
     * JSON by Jackson, for records and POJOs. Properties a stored state has and {@code type} no longer has are
     * ignored, so that a new version can still read the old version's states while it rebuilds.
     */
    static <S> StateCodec<S> json(Class<S> type) {
        return new JsonStateCodec<>(
                new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), type);
    }

    /** JSON by the given mapper (with the modules and settings the state needs). */
    static <S> StateCodec<S> json(ObjectMapper mapper, Class<S> type) {
        return new JsonStateCodec<>(mapper, type);
    }

    /** A state that is a string, stored as text. */
    static StateCodec<String> string() {
        return new StateCodec<>() {
            @Override
            public byte[] encode(String state) {
                return state.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }

            @Override
            public boolean isText() {
                return true;
            }
        };
    }

    /** A state that is bytes, stored as they are. */
    static StateCodec<byte[]> bytes() {
        return new StateCodec<>() {
            @Override
            public byte[] encode(byte[] state) {
                return state;
            }

            @Override
            public byte[] decode(byte[] bytes) {
                return bytes;
            }
        };
    }
}
