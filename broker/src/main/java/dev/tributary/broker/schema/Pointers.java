package dev.tributary.broker.schema;

import com.fasterxml.jackson.core.JsonPointer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** JSON pointers (RFC 6901) and the URI fragments that carry them in a {@code $ref} (RFC 6901 section 6). */
final class Pointers {
    private Pointers() {}

    /** One reference token: {@code ~} becomes {@code ~0}, {@code /} becomes {@code ~1}. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** {@code base} followed by one more token. */
    static String child(String base, String token) {
        return base + "/" + escape(token);
    }

    /**
     * The JSON pointer a URI fragment holds ({@code /$defs/a%20b} → {@code /$defs/a b}), or null if it is not one
     * (a plain name such as {@code #address}, or badly escaped).
     */
    static JsonPointer fromFragment(String fragment) {
        if (!fragment.isEmpty() && !fragment.startsWith("/")) {
            return null;
        }
        try {
            // Percent-decoding only: a '+' in a fragment is a plus, not a space.
            return JsonPointer.compile(URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
