package dev.tributary.server.hooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The steps the signature schemes share: read a header once, read Unix seconds, check a tolerance, decode hex or
 * base64. A step that fails throws a {@link Refusal} naming the header. Stateless.
 */
final class Signatures {
    /** Most signatures one header may list (rotation sends one per secret): bounds the work per request. */
    static final int MAX_SIGNATURES = 16;

    private static final int MAX_SECONDS_DIGITS = 12;

    private Signatures() {}

    /** The single value of header {@code name}. */
    static String header(HookRequest request, String name) {
        List<String> values = request.headers().all(name);
        if (values.isEmpty()) {
            throw new Refusal(Verification.missingHeader(name));
        }
        if (values.size() > 1) {
            // Two signature (or timestamp) headers are ambiguous: a proxy that adds one must not get to choose.
            throw new Refusal(Verification.malformedHeader(name, "appears more than once"));
        }
        return values.getFirst();
    }

    /** A decimal count of seconds since 1970 (1 to 12 digits, so no overflow), the value of header {@code name}. */
    static long unixSeconds(String name, String value) {
        int n = value.length();
        boolean digits = n >= 1 && n <= MAX_SECONDS_DIGITS;
        for (int i = 0; i < n && digits; i++) {
            digits = value.charAt(i) >= '0' && value.charAt(i) <= '9';
        }
        if (!digits) {
            throw new Refusal(Verification.malformedHeader(name, "expected Unix seconds"));
        }
        return Long.parseLong(value);
    }

    /** Refuses a signed time more than {@code tolerance} before or after the receive time (the bounds included). */
    static void withinTolerance(String name, long seconds, Instant receivedAt, Duration tolerance) {
        Instant signedAt = Instant.ofEpochSecond(seconds);
        if (signedAt.isBefore(receivedAt.minus(tolerance)) || signedAt.isAfter(receivedAt.plus(tolerance))) {
            throw new Refusal(Verification.outsideTolerance(name, tolerance));
        }
    }

    /** The bytes of hex text (either case), or {@code null} when it is empty or not hex. */
    static byte[] hex(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The bytes of standard base64 (padding optional), or {@code null} when it is empty or not base64. */
    static byte[] base64(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
