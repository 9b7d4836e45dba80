package dev.tributary.broker.store;

/** Cuts text to a size in UTF-8 bytes, so that error messages and response excerpts stay small in the store. */
final class Utf8 {
    private Utf8() {}

    /** The longest prefix of {@code text} that is at most {@code maxBytes} in UTF-8 and ends on a whole character. */
    static String truncate(String text, int maxBytes) {
        // A UTF-16 char never takes more than 3 bytes in UTF-8 (a surrogate pair: 4 bytes for 2 chars).
        if (text == null || text.length() * 3L <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes > maxBytes) {
                break;
            }
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }
}
