package dev.tributary.server.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.tributary.broker.delivery.SendResult;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Optional;

/**
 * The first {@value SendResult#MAX_EXCERPT} bytes of a response body, kept for the attempt log; the rest is never
 * stored, however large the body. Not thread-safe: owned by one attempt.
 */
final class ResponseExcerpt {
    private final byte[] bytes = new byte[SendResult.MAX_EXCERPT];
    private int length;
    private boolean cut;

    /** Keeps what still fits of {@code chunk}; true once full: the rest of the body can be skipped. */
    boolean add(Buffer chunk) {
        int take = Math.min(chunk.length(), bytes.length - length);
        chunk.getBytes(0, take, bytes, length);
        length += take;
        cut |= take < chunk.length();
        return length == bytes.length;
    }

    boolean full() {
        return length == bytes.length;
    }

    /**
     * The excerpt as text, UTF-8 with invalid bytes replaced by U+FFFD; empty if the body was. When the body went on
     * past the excerpt, a character cut in half at the end is dropped rather than shown as garbage.
     *
     * @param whole whether the body ended within the excerpt
     */
    Optional<String> text(boolean whole) {
        if (length == 0) {
            return Optional.empty();
        }
        CharsetDecoder decoder = UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(length);
        boolean end = whole && !cut;
        decoder.decode(ByteBuffer.wrap(bytes, 0, length), out, end);
        if (end) {
            decoder.flush(out);
        }
        return Optional.of(out.flip().toString());
    }
}
