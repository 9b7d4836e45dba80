package dev.tributary.server.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding (RFC 3986 §2.1): every {@code %} must be followed by two hex digits and the decoded bytes
 * must be UTF-8. Lenient decoders pass {@code %zz} through or replace bad bytes with U+FFFD, so two readers of one
 * URI could see two names. Stateless.
 */
final class PercentEncoding {
    private PercentEncoding() {}

    /**
     * The decoded text, or null if {@code text} is not well-formed.
     *
     * @param plusIsSpace whether {@code +} means a space (query strings, as HTML forms write them)
     */
    static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0) {
            return plusIsSpace ? text.replace('+', ' ') : text;
        }
        ByteBuffer bytes = ByteBuffer.allocate(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c > 0xff) {
                // the request line is read as ISO-8859-1, one char per byte; anything wider is not from the wire
                return null;
            } else {
                bytes.put((byte) (plusIsSpace && c == '+' ? ' ' : c));
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
