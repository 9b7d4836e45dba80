package dev.tributary.server.hooks;

/**
 * RFC 6750 bearer tokens: the {@code b64token} syntax (§2.1) and the {@code Authorization: Bearer <token>} form.
 * Stateless.
 */
final class BearerToken {
    private BearerToken() {}

    /** {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    static boolean isB64Token(String token) {
        int n = token.length();
        int i = 0;
        while (i < n && isTokenChar(token.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < n && token.charAt(i) == '=') {
            i++;
        }
        return i == n;
    }

    /** The token of an {@code Authorization} value {@code Bearer <token>} (scheme in any case), else {@code null}. */
    static String fromAuthorization(String value) {
        String v = value.strip();
        int space = v.indexOf(' ');
        if (space < 0 || !v.substring(0, space).equalsIgnoreCase("Bearer")) {
            return null;
        }
        String token = v.substring(space + 1).strip();
        return isB64Token(token) ? token : null;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~+/".indexOf(c) >= 0;
    }
}
