package dev.tributary.core;

/** Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). Stateless. */
final class Utf8 {
    private Utf8() {}

    static boolean isValid(byte[] bytes) {
        return firstInvalid(bytes, 0, bytes.length) < 0;
    }

    /** Returns the index of the first byte that does not start a valid sequence in {@code [from, to)}, else -1. */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) {
                return i; // continuation byte without a lead, or an overlong two-byte form
            } else if (c < 0xE0) {
                if (i + 1 >= to || !continuation(b[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= to) {
                    return i;
                }
                int c1 = b[i + 1] & 0xFF;
                if (!continuation(b[i + 1])
                        || (c == 0xE0 && c1 < 0xA0) // overlong
                        || (c == 0xED && c1 >= 0xA0) // UTF-16 surrogate
                        || !continuation(b[i + 2])) {
                    return i;
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= to) {
                    return i;
                }
                int c1 = b[i + 1] & 0xFF;
                if (!continuation(b[i + 1])
                        || (c == 0xF0 && c1 < 0x90) // overlong
                        || (c == 0xF4 && c1 >= 0x90) // above U+10FFFF
                        || !continuation(b[i + 2])
                        || !continuation(b[i + 3])) {
                    return i;
                }
                i += 4;
            } else {
                return i;
            }
        }
        return -1;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
